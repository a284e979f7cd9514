//! Differential tests of the fast path (`syntax::fast`) against pest: whenever the fast path
//! accepts a text, pest must accept it too and build the same AST, spans included. Coverage
//! checks make the tests fail when the fast path silently stops covering realistic scripts.

use super::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The fast path's result, or the position where it gave up (`Err(None)`: the text does
/// not even reach it, e.g. nesting too deep).
fn fast_only(src: &str) -> Result<ast::Program, Option<usize>> {
    let src = src.to_owned();
    with_big_stack(move || {
        lower::reset_interner();
        let masked = prepare(&src, FileId(0)).map_err(|_| None)?;
        fast::parse_at(&masked, FileId(0)).map_err(Some)
    })
}

fn pest_only(src: &str) -> crate::Result<ast::Program> {
    let src = src.to_owned();
    with_big_stack(move || {
        let masked = prepare(&src, FileId(0))?;
        pest_program(&src, &masked, FileId(0))
    })
}

/// Checks one text: `true` when the fast path took it (and agreed with pest).
fn agrees(src: &str) -> bool {
    let Ok(fast) = fast_only(src) else {
        return false;
    };
    let pest = match pest_only(src) {
        Ok(p) => p,
        Err(e) => panic!("the fast path accepted what pest rejects ({e}): {src:?}"),
    };
    let (a, b) = (format!("{fast:?}"), format!("{pest:?}"));
    if a != b {
        let at = a
            .bytes()
            .zip(b.bytes())
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let from = at.saturating_sub(300);
        panic!(
            "fast path and pest differ on {:?}\nfast: ...{}\npest: ...{}",
            if src.len() > 400 { &src[..400] } else { src },
            &a[from..(at + 200).min(a.len())],
            &b[from..(at + 200).min(b.len())]
        );
    }
    true
}

fn dos_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            dos_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "dos") {
            out.push(p);
        }
    }
}

fn all_scripts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/corpus",
        "tests/data",
        "scripts",
        "stdlib",
        "tests/modules",
    ] {
        dos_files(&root.join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn sample_script_is_fully_fast_pathed() {
    let src = include_str!("../../tests/data/sample.dos");
    if let Err(at) = fast_only(src) {
        let at = at.unwrap_or(0);
        panic!(
            "the fast path gave up at {at}: {:?}",
            &src[at..(at + 80).min(src.len())]
        );
    }
    assert!(agrees(src));
}

/// Every script of the repository: agreement wherever the fast path answers, and coverage.
#[test]
fn scripts_agree_with_pest() {
    let mut accepted_by_pest = 0;
    let mut fast = 0;
    let mut declined = Vec::new();
    for path in all_scripts() {
        let text = std::fs::read_to_string(&path).expect("script is readable");
        if agrees(&text) {
            fast += 1;
            accepted_by_pest += 1;
            continue;
        }
        if pest_only(&text).is_ok() {
            accepted_by_pest += 1;
            let at = fast_only(&text).err().flatten().unwrap_or(0);
            let line = text[..at.min(text.len())].matches('\n').count() + 1;
            let snippet: String = text[at.min(text.len())..].chars().take(50).collect();
            declined.push(format!("{}:{line}: {snippet:?}", path.display()));
        }
    }
    for d in &declined {
        println!("declined: {d}");
    }
    println!("fast path: {fast} of {accepted_by_pest} scripts pest accepts");
    assert!(
        fast * 100 >= accepted_by_pest * 80,
        "coverage dropped: {fast} of {accepted_by_pest}"
    );
}

/// Every truncation, one-character deletion and token insertion of each line of the sample
/// script: near-misses of valid code, where the fast path must give up or agree.
#[test]
fn sample_line_mutations_agree() {
    const INSERTS: &[&str] = &[
        " ", "(", ")", "[", "]", "{", "}", ",", "-", "!", ":", "::", "..", ".", "=", "==", "<",
        ">", "*", "\n", ";", "x", " x ", "1", " 1", "-1", "'", "\"", "`", "?", "->", "as", " not ",
        " in ", ":E", "+:A", "$", "&", "@", "\\",
    ];
    let sample = include_str!("../../tests/data/sample.dos");
    let mut inputs: Vec<String> = Vec::new();
    for line in sample.lines() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for &(i, c) in &chars {
            inputs.push(line[..i].to_string());
            inputs.push(format!("{}{}", &line[..i], &line[i + c.len_utf8()..]));
            for ins in INSERTS {
                inputs.push(format!("{}{ins}{}", &line[..i], &line[i..]));
            }
        }
    }
    let taken = inputs.iter().filter(|s| agrees(s)).count();
    println!("{taken} of {} mutated lines fast-pathed", inputs.len());
    assert!(
        taken * 4 > inputs.len(),
        "too few mutations fast-pathed: {taken}"
    );
}

/// Expressions built from operators, operands and brackets, in statements.
fn expression(depth: u32) -> BoxedStrategy<String> {
    const ATOMS: &[&str] = &[
        "x",
        "y",
        "f",
        "t",
        "sum",
        "a1",
        "1",
        "2.5",
        "-3",
        "0",
        "`a",
        "`a`b",
        "\"s\"",
        "'c'",
        "2020.01.01",
        "13:30m",
        "13:30:10",
        "1s",
        "NULL",
        "true",
        "00i",
        "1 2 3",
        "7 -5 32",
        "1.0f",
        "3l",
        "2012.06.13T13:30:10.008",
        "x.y",
        "t.price",
        "x[0]",
        "f()",
        "x -> x + 1",
        "(x, y) -> x * y",
        "{x -> x}",
        "m::f",
        "::sum",
        "m::g::h(1)",
        "m::f 1",
        "::f 1",
        "f(<, 1)",
        "f(<=)",
        "f(x, <-)",
        "f(-, x)",
        "f(x, - )",
        "DEF",
        "x!",
        "1e3",
        ".5",
        "1.",
        "00d",
        "2012.06M",
        "13:30:10.008007006",
        "-1s",
        "1b",
        "'ab'",
        "\"a\\\"b\"",
        "`a.b",
        "desc",
        "limit",
        "end",
        "x not in y",
        "case when x then 1 else 2 end",
        "exec distinct x from t",
        "select top 1:3 x from t",
        "select x from t group by y having z csort w desc limit 1, 2",
        "select * from (select x from t) as s inner join u on s.k = u.k, s.j = u.j",
        "select x from t left semi join u on k cross join v order by x nulls first",
        "f(a = 1, , *)",
        "+:A",
        "<x>",
        "select * from t",
        "[]",
        "{}",
        "()",
    ];
    const OPS: &[&str] = &[
        "+", "-", "*", "/", "\\", "%", "**", "$", "<-", ":", "..", "==", "!=", "<>", "<", "<=",
        ">", ">=", "&&", "||", "&", "|", "^", "<<", ">>", "and", "or", "add", "sub", "lshift",
        "bitAnd", "bitXor", "bitOr", "eq", "lt", "in", "like", "between", "not in", "f", "+:E",
        "+:C", "cast", "=",
    ];
    let atom = prop::sample::select(ATOMS).prop_map(str::to_string);
    atom.prop_recursive(depth, 64, 4, |inner| {
        let spacing = prop::sample::select(&[" ", "", "  "][..]);
        prop_oneof![
            (
                inner.clone(),
                spacing.clone(),
                prop::sample::select(OPS),
                spacing,
                inner.clone()
            )
                .prop_map(|(a, s1, op, s2, b)| {
                    let (s1, s2) = if op.chars().all(char::is_alphabetic) || op.contains(' ') {
                        (" ", " ")
                    } else {
                        (s1, s2)
                    };
                    format!("{a}{s1}{op}{s2}{b}")
                }),
            (
                prop::sample::select(&["-", "!", "not ", "- "][..]),
                inner.clone()
            )
                .prop_map(|(p, e)| format!("{p}{e}")),
            inner.clone().prop_map(|e| format!("({e})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("f({a}, {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[{a}, {b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("x[{a}, {b}]")),
            inner.clone().prop_map(|e| format!("f {e}")),
            inner.clone().prop_map(|e| format!("g{{{e}, }}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{{a}: {b}}}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("{a} ? {b} : {c}")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("select {a} as c from t where {b}")),
            inner.clone().prop_map(|e| format!("x[{e}:]")),
            inner.clone().prop_map(|e| format!("f({e}:, :{e})")),
            inner.clone().prop_map(|e| format!("f(k = {e}, {e} as n)")),
        ]
    })
    .boxed()
}

fn statement() -> impl Strategy<Value = String> {
    let e = || expression(4);
    prop_oneof![
        e(),
        e().prop_map(|x| format!("x = {x}")),
        (e(), e()).prop_map(|(a, b)| format!("a, b = {a}, {b}")),
        e().prop_map(|x| format!("x[1] += {x}")),
        (e(), e()).prop_map(|(a, b)| format!("if ({a}) y = {b} else {{ z = 1 }}")),
        (e(), e()).prop_map(|(a, b)| format!("def g(a, b = {a}) {{\n return {b}\n}}")),
        (e(), e()).prop_map(|(a, b)| format!("for (i in {a}) {{ s += {b} }}")),
        e().prop_map(|x| format!("update t set v = {x} where v > 1")),
        e().prop_map(|x| format!("assert {x}")),
        e().prop_map(|x| format!("use m::n\nm::x = {x}")),
        (e(), e()).prop_map(|(a, b)| format!("if ({a})\n{{\n x = {b}\n}}\nelse\n{{\n y = 2\n}}")),
        (e(), e()).prop_map(|(a, b)| format!("try {{\n x = {a}\n}}\ncatch(e) {{\n {b}\n}}")),
        (e(), e()).prop_map(|(a, b)| format!("do {{\n x = {a}\n}} while ({b})")),
        (e(), e()).prop_map(|(a, b)| format!("select {a}\nfrom t\nwhere {b}\norder by x desc")),
        (e(), e()).prop_map(|(a, b)| format!("timer(3) {{ {a} }}\nundef x, y\nshare {b} as z")),
        (e(), e()).prop_map(|(a, b)| format!("def f(x) {{ return {a} }}; f{{{b}}}")),
        (e(), e()).prop_map(|(a, b)| format!("insert into t(a, b) values ({a}, 1), ({b}, 2)")),
        (e(), e()).prop_map(|(a, b)| format!(
            "insert into t values ({a})\ninsert into t select {b} from u"
        )),
        e().prop_map(|a| format!("delete from t where {a}\ndelete from t")),
        (e(), e()).prop_map(|(a, b)| format!(
            "update t set a = {a}, b = 2 from u where {b} context by k"
        )),
        (e(), e()).prop_map(|(a, b)| format!("const c = {a}\n&r = {b}\ngo\nreturn\nbreak")),
        e().prop_map(|a| format!("@testing: case = \"n\", exception = 1\n{a}\n@state\ncontinue")),
        e().prop_map(|a| format!("defg h(mutable a, b = 1): {a}\ndef k(x)\ndef(x){{ {a} }}(1)")),
    ]
}

/// Generated statements: whenever the fast path answers, pest agrees; and it answers for
/// a good share of them.
#[test]
fn generated_statements_agree() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    // `FAST_FUZZ_CASES=100000` runs a longer campaign from a random seed.
    let cases: usize = std::env::var("FAST_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let mut runner = if cases > 4000 {
        TestRunner::default()
    } else {
        TestRunner::deterministic()
    };
    let strategy = (
        prop::collection::vec(statement(), 1..4),
        prop::sample::select(&["\n", "; ", "\n\n"][..]),
    );
    let (mut total, mut taken) = (0, 0);
    for _ in 0..cases {
        let (stmts, sep) = strategy
            .new_tree(&mut runner)
            .expect("the strategy generates")
            .current();
        total += 1;
        if total <= 12 && std::env::var("SHOW_GEN").is_ok() {
            println!("{:?}", stmts.join(sep));
        }
        if agrees(&stmts.join(sep)) {
            taken += 1;
        }
    }
    println!("{taken} of {total} generated scripts fast-pathed");
    assert!(
        taken * 3 > total,
        "too few generated scripts fast-pathed: {taken} of {total}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Random token soup (mostly invalid): the fast path gives up or agrees.
    #[test]
    fn token_soup_agrees(parts in prop::collection::vec(
        (prop::sample::select(super::tests_fuzz::TOKENS),
         prop::sample::select(&[" ", "", "\n"][..])), 0..30)) {
        let src: String = parts.into_iter().map(|(t, s)| format!("{t}{s}")).collect();
        agrees(&src);
    }
}

/// `DBG_FAST='x = 1' cargo test --lib fast_dbg -- --nocapture` shows where the fast path
/// stops on a text.
#[test]
fn fast_dbg() {
    if let Ok(src) = std::env::var("DBG_FAST") {
        match fast_only(&src) {
            Ok(p) => println!("{p:?}"),
            Err(at) => println!("gave up at {at:?}: {:?}", &src[at.unwrap_or(0)..]),
        }
        println!("pest: {:?}", pest_only(&src).map(|_| ()));
    }
}

/// Whole-script mutations of the sample (one character deleted, or a newline, brace or
/// semicolon inserted), which reshape multi-line statements, blocks and queries.
#[test]
fn sample_script_mutations_agree() {
    let sample = include_str!("../../tests/data/sample.dos");
    let mut taken = 0;
    let mut total = 0;
    for (n, (i, c)) in sample.char_indices().enumerate() {
        // Alternate deletions and insertions to keep the test short.
        let v = if n % 2 == 0 {
            format!("{}{}", &sample[..i], &sample[i + c.len_utf8()..])
        } else {
            let insert = ["\n", "}", "{", ";", " else ", "("][(n / 2) % 6];
            format!("{}{insert}{}", &sample[..i], &sample[i..])
        };
        total += 1;
        if agrees(&v) {
            taken += 1;
        }
    }
    println!("{taken} of {total} mutated scripts fast-pathed");
    assert!(
        taken * 5 > total,
        "too few mutated scripts fast-pathed: {taken}"
    );
}

/// Corpus files with syntax errors: the fast path gives up on each (so the error is pest's).
#[test]
fn syntax_error_files_fall_back_to_pest() {
    let mut rejected = 0;
    for path in all_scripts() {
        if !path
            .components()
            .any(|c| c.as_os_str() == "errors" || c.as_os_str() == "err")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("script is readable");
        if pest_only(&text).is_err() {
            rejected += 1;
            assert!(fast_only(&text).is_err(), "{}", path.display());
        }
    }
    assert!(rejected >= 5, "only {rejected} syntax-error files found");
}

/// Unbracketed chains deeper than the fast path's limit go to pest, without overflowing.
#[test]
fn deep_chains_are_left_to_pest() {
    for src in [
        format!("x = {}1", "not ".repeat(600)),
        format!("f = {}1", "x -> ".repeat(600)),
        format!("{}x = 1", "if (a) ".repeat(600)),
    ] {
        assert!(fast_only(&src).is_err());
        let _ = parse_program(&src, FileId(0));
    }
    let nested = format!("x = {}1{}", "(".repeat(190), ")".repeat(190));
    assert!(agrees(&nested));
}

/// Every line of every repository script on its own, and with its successor: statements
/// out of context, half-open blocks and queries split across lines.
#[test]
fn script_lines_agree() {
    let (mut total, mut taken) = (0, 0);
    for path in all_scripts() {
        let text = std::fs::read_to_string(&path).expect("script is readable");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let pair = format!("{line}\n{}", lines.get(i + 1).unwrap_or(&""));
            for src in [line.to_string(), pair] {
                total += 1;
                if agrees(&src) {
                    taken += 1;
                }
            }
        }
    }
    println!("{taken} of {total} script lines fast-pathed");
    assert!(
        taken * 2 > total,
        "too few lines fast-pathed: {taken} of {total}"
    );
}
