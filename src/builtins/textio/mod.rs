//! Text files: `loadText` (delimited text into an in-memory table, with DolphinDB's header
//! and type inference or an explicit schema), `saveText` (tables, vectors, matrices and
//! scalars out as delimited text) and `extractTextSchema`.

mod csv;
mod infer;

use super::args::{bool_arg, int_arg, str_arg};
use super::registry::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Table, Type, Value, VecData, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("loadText(filename, [delimiter], [schema], [skipRows=0], [arrayDelimiter], [containHeader])", load_text)
        .doc("Loads a delimited text file into an in-memory table, detecting the header and each column's type unless a schema table (name, type[, format][, col]) says otherwise.")
        .example("f = \"/tmp/porpoise-example-load.csv\"; saveText(table(1 2 as id, `a`b as sym), f); t = loadText(f); rm(f); t", "id sym\n-- ---\n1  a\n2  b"));
    reg.add(Builtin::new("saveText(obj, filename, [delimiter], [append=false], [header=true])", save_text)
        .kind(Kind::System)
        .doc("Writes a table (with a header line unless header=false or appending to a non-empty file), vector, matrix or scalar as delimited text.")
        .example("f = \"/tmp/porpoise-example-save.csv\"; saveText(table(1 2 as x), f); n = size(loadText(f)); rm(f); n", "2"));
    reg.add(Builtin::new("extractTextSchema(filename, [delimiter], [skipRows=0])", extract_text_schema)
        .doc("The table (name, type) of column names and types loadText would use for the file.")
        .example("f = \"/tmp/porpoise-example-schema.csv\"; saveText(table(1 2 as id, 2.5 3.5 as v), f); s = extractTextSchema(f); rm(f); s", "name type\n---- ------\nid   INT\nv    DOUBLE"));
}

/// What `loadText` and `extractTextSchema` share: the parsed file split into names and
/// column cells.
struct Parsed {
    names: Vec<String>,
    /// `cells[col][row]`.
    cells: Vec<Vec<String>>,
}

fn read_file(it: &Interp, func: &str, args: &[Value]) -> Result<(String, String)> {
    let file = str_arg(func, "filename", &args[0])?;
    let delim = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => ",".to_string(),
        Some(v) => str_arg(func, "delimiter", v)?.to_string(),
    };
    if delim.is_empty() {
        return Err(Error::domain(format!(
            "The argument [delimiter] of [{func}] must not be empty"
        )));
    }
    let bytes = std::fs::read(it.resolve_path(&file))
        .map_err(|e| Error::io(format!("Failed to open the file [{file}]: {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    Ok((text, delim))
}

fn skip_rows(func: &str, v: Option<&Value>) -> Result<usize> {
    let n = match v {
        None | Some(Value::Scalar(Scalar::Void)) => 0,
        Some(v) => int_arg(func, "skipRows", v)?,
    };
    if !(0..=1024).contains(&n) {
        return Err(Error::domain(format!(
            "The argument [skipRows] of [{func}] must be an integer between 0 and 1024"
        )));
    }
    Ok(n as usize)
}

/// Splits the text into records, drops `skip` leading lines, and separates the header.
fn parse(text: &str, delim: &str, skip: usize, header: Option<bool>) -> Parsed {
    let skipped = text.splitn(skip + 1, '\n').nth(skip).unwrap_or("");
    let mut rows = csv::records(if skip == 0 { text } else { skipped }, delim);
    let n_cols = rows.first().map_or(0, Vec::len);
    let has_header = match header {
        Some(h) => h && !rows.is_empty(),
        None => rows.first().is_some_and(|r| infer::looks_like_header(r)),
    };
    let names = if has_header {
        let first = rows.remove(0);
        infer::unique_names(
            first
                .iter()
                .enumerate()
                .map(|(i, n)| infer::column_name(n, i))
                .collect(),
        )
    } else {
        (0..n_cols).map(|i| format!("col{i}")).collect()
    };
    let cells = (0..names.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    Parsed { names, cells }
}

/// Builds a typed column from text cells: literal types keep the text, the others go
/// through the cast kernel (unparsable cells become NULL).
fn typed_column(cells: &[String], ty: Type) -> Result<Vector> {
    if ty.is_literal() {
        let v = Vector::strings(cells.iter().map(|c| Arc::from(c.as_str())).collect());
        return Ok(v.retag(ty).expect("STRING and SYMBOL share a layout"));
    }
    let text: Vec<Arc<str>> = cells
        .iter()
        .map(|c| {
            if ty.is_temporal() {
                Arc::from(infer::normalise_temporal(c))
            } else {
                Arc::from(c.trim())
            }
        })
        .collect();
    match crate::kernels::cast(&Value::vector(Vector::strings(text)), ty)? {
        Value::Vector(v) => Ok(Arc::unwrap_or_clone(v)),
        other => Err(Error::runtime(format!(
            "[loadText] expected a column, got {}",
            other.type_str()
        ))),
    }
}

/// One schema row: the column's name, type and (optionally) its index in the file.
struct SchemaCol {
    name: String,
    ty: Type,
    col: Option<usize>,
}

fn schema_arg(v: &Value) -> Result<Vec<SchemaCol>> {
    let bad = |msg: &str| Error::type_err(format!("[loadText] The schema table {msg}"));
    let Value::Table(t) = v else {
        return Err(bad("must be a table with columns name and type"));
    };
    let text_col = |name: &str| -> Result<Option<Vec<String>>> {
        Ok(match t.column(name) {
            None => None,
            Some(c) => Some(
                (0..c.len())
                    .map(|i| {
                        c.scalar_at(i)
                            .and_then(|s| s.as_str().map(str::to_string))
                            .ok_or_else(|| bad(&format!("column [{name}] must hold strings")))
                    })
                    .collect::<Result<_>>()?,
            ),
        })
    };
    let names = text_col("name")?.ok_or_else(|| bad("needs a column [name]"))?;
    let types = text_col("type")?.ok_or_else(|| bad("needs a column [type]"))?;
    if let Some(formats) = text_col("format")? {
        if formats.iter().any(|f| !f.is_empty()) {
            return Err(Error::domain(
                "[loadText] The schema column [format] is not supported yet; load the column as STRING and convert it with temporalParse",
            ));
        }
    }
    let cols = t.column("col").map(|c| c.to_i64s());
    let mut out = Vec::with_capacity(names.len());
    for (i, (name, ty_name)) in names.iter().zip(&types).enumerate() {
        let ty = Type::from_name(&ty_name.to_uppercase())
            .filter(|t| !matches!(t, Type::Void | Type::Any | Type::FunctionDef | Type::Code))
            .ok_or_else(|| {
                Error::type_err(format!(
                    "[loadText] Invalid data type [{ty_name}] in the schema"
                ))
            })?;
        let col = match &cols {
            Some(Some(c)) => match c.get(i).copied().flatten() {
                Some(x) if x >= 0 => Some(x as usize),
                _ => return Err(bad("column [col] must hold non-negative integers")),
            },
            Some(None) => return Err(bad("column [col] must hold integers")),
            None => None,
        };
        out.push(SchemaCol {
            name: name.clone(),
            ty,
            col,
        });
    }
    Ok(out)
}

fn load_text(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let (text, delim) = read_file(it, "loadText", args)?;
    let skip = skip_rows("loadText", args.get(3))?;
    if !matches!(args.get(4), None | Some(Value::Scalar(Scalar::Void))) {
        return Err(Error::domain(
            "[loadText] array vectors (arrayDelimiter) are not supported yet",
        ));
    }
    let header = match args.get(5) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        v => Some(bool_arg("loadText", "containHeader", v, false)?),
    };
    let parsed = parse(&text, &delim, skip, header);
    let schema = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => Some(schema_arg(v)?),
    };
    let mut names = Vec::new();
    let mut columns = Vec::new();
    match schema {
        None => {
            for (name, cells) in parsed.names.iter().zip(&parsed.cells) {
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                names.push(Arc::from(name.as_str()));
                columns.push(Arc::new(typed_column(cells, infer::column_type(&refs))?));
            }
        }
        Some(schema) => {
            let uses_col = schema.iter().any(|s| s.col.is_some());
            if !uses_col && schema.len() != parsed.cells.len() {
                return Err(Error::length(format!(
                    "[loadText] The schema has {} columns but the file has {}",
                    schema.len(),
                    parsed.cells.len()
                )));
            }
            let n_rows = parsed.cells.first().map_or(0, Vec::len);
            for (i, s) in schema.iter().enumerate() {
                let idx = s.col.unwrap_or(i);
                let empty = vec![String::new(); n_rows];
                let cells = parsed.cells.get(idx).unwrap_or(&empty);
                names.push(Arc::from(s.name.as_str()));
                columns.push(Arc::new(typed_column(cells, s.ty)?));
            }
        }
    }
    let table = Table::from_columns(names, columns).map_err(Error::runtime)?;
    Ok(Value::table(table))
}

fn extract_text_schema(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let (text, delim) = read_file(it, "extractTextSchema", args)?;
    let skip = skip_rows("extractTextSchema", args.get(2))?;
    let parsed = parse(&text, &delim, skip, None);
    let types: Vec<Arc<str>> = parsed
        .cells
        .iter()
        .map(|cells| {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            Arc::from(infer::column_type(&refs).name())
        })
        .collect();
    let names = parsed.names.iter().map(|n| Arc::from(n.as_str())).collect();
    let table = Table::from_columns(
        vec![Arc::from("name"), Arc::from("type")],
        vec![
            Arc::new(Vector::strings(names)),
            Arc::new(Vector::strings(types)),
        ],
    )
    .map_err(Error::runtime)?;
    Ok(Value::table(table))
}

fn save_text(it: &mut Interp, args: &[Value]) -> Result<Value> {
    use std::io::Write;
    let file = str_arg("saveText", "filename", &args[1])?;
    let delim = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => ",".to_string(),
        Some(v) => str_arg("saveText", "delimiter", v)?.to_string(),
    };
    let append = bool_arg("saveText", "append", args.get(3), false)?;
    let header = bool_arg("saveText", "header", args.get(4), true)?;
    let obj = match &args[0] {
        // SQL metacode is run first, as DolphinDB does.
        Value::Code(e) => it.eval(e)?,
        v => v.clone(),
    };
    let path = it.resolve_path(&file);
    let non_empty = append && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
    let mut out = String::new();
    match &obj {
        Value::Table(t) => {
            if header && !non_empty {
                let line: Vec<String> = t
                    .names()
                    .iter()
                    .map(|n| csv::quote_cell(n, &delim))
                    .collect();
                push_line(&mut out, &line.join(&delim));
            }
            for r in 0..t.n_rows() {
                let line: Vec<String> = t.columns().iter().map(|c| cell(c, r, &delim)).collect();
                push_line(&mut out, &line.join(&delim));
            }
        }
        Value::Matrix(m) => {
            for r in 0..m.rows {
                let line: Vec<String> = (0..m.cols)
                    .map(|c| cell(&m.data, c * m.rows + r, &delim))
                    .collect();
                push_line(&mut out, &line.join(&delim));
            }
        }
        Value::Vector(v) | Value::Pair(v) => {
            for i in 0..v.len() {
                push_line(&mut out, &cell(v, i, &delim));
            }
        }
        Value::Scalar(s) => push_line(&mut out, &scalar_text(s)),
        other => {
            return Err(Error::type_err(format!(
                "[saveText] The object to save must be a table, matrix, vector or scalar, not {}",
                other.type_str()
            )))
        }
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(&path)
        .map_err(|e| Error::io(format!("Failed to open the file [{file}]: {e}")))?;
    f.write_all(out.as_bytes())
        .map_err(|e| Error::io(format!("Failed to write the file [{file}]: {e}")))?;
    Ok(Value::NULL)
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// One element as text: NULL is empty, DOUBLE/FLOAT keep every significant digit so a
/// round trip through `loadText` gives the same numbers, strings are quoted when needed.
fn cell(v: &Vector, i: usize, delim: &str) -> String {
    if v.is_null_at(i) {
        return String::new();
    }
    match v.data() {
        VecData::F64(x) => format!("{}", x[i]),
        VecData::F32(x) => format!("{}", x[i]),
        VecData::Str(x) => csv::quote_cell(&x[i], delim),
        VecData::Any(x) => csv::quote_cell(&crate::display::display(&x[i]), delim),
        _ => v.scalar_at(i).map(|s| scalar_text(&s)).unwrap_or_default(),
    }
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::F64(x) if !s.is_null() => format!("{x}"),
        Scalar::F32(x) if !s.is_null() => format!("{x}"),
        _ => crate::display::scalar_to_string(s),
    }
}
