//! The pest-derived parser. The grammar lives in `grammar/*.pest`; the files are composed
//! here in dependency order, as in pest's calc example.

use pest_derive::Parser;

/// The DolphinDB script parser generated from `grammar/*.pest`.
#[derive(Parser)]
#[grammar = "../grammar/porpoise.pest"]
#[grammar = "../grammar/lexical.pest"]
#[grammar = "../grammar/expr.pest"]
#[grammar = "../grammar/sql.pest"]
#[grammar = "../grammar/stmt.pest"]
pub struct DolphinParser;
