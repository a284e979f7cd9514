//! Parser tests: shapes of the AST for each construct, precedence, newlines, errors.
//! Most checks print the parsed program back (see `ast::print`), which shows the tree's
//! structure through the parentheses the printer adds.

use super::*;
use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::value::{Scalar, Type, Value};

/// Parses a program and prints each statement back, joined by `; `.
pub(super) fn p(src: &str) -> String {
    match parse_program(src, FileId(0)) {
        Ok(prog) => prog
            .stmts
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        Err(e) => panic!("parse failed for {src:?}: {e}"),
    }
}

pub(super) fn stmts(src: &str) -> Vec<Stmt> {
    match parse_program(src, FileId(0)) {
        Ok(prog) => prog.stmts,
        Err(e) => panic!("parse failed for {src:?}: {e}"),
    }
}

pub(super) fn expr(src: &str) -> Expr {
    match parse_expr(src, FileId(0)) {
        Ok(e) => e,
        Err(e) => panic!("parse failed for {src:?}: {e}"),
    }
}

pub(super) fn err(src: &str) -> crate::Error {
    match parse_program(src, FileId(0)) {
        Ok(prog) => panic!("expected an error for {src:?}, got {:?}", prog.stmts),
        Err(e) => e,
    }
}

fn konst(src: &str) -> Value {
    match expr(src).kind {
        ExprKind::Const(v) => v,
        other => panic!("{src:?} is not a constant: {other:?}"),
    }
}

fn scalar(src: &str) -> Scalar {
    match konst(src) {
        Value::Scalar(s) => s,
        other => panic!("{src:?} is not a scalar: {other:?}"),
    }
}

/// Checks each `(source, printed)` pair.
fn check(cases: &[(&str, &str)]) {
    for (src, want) in cases {
        assert_eq!(&p(src), want, "source: {src:?}");
    }
}

#[test]
fn numeric_literals() {
    assert_eq!(scalar("3").ty(), Type::Int);
    assert_eq!(scalar("3000000000").ty(), Type::Long);
    assert_eq!(scalar("1b").ty(), Type::Bool);
    assert_eq!(scalar("1c").ty(), Type::Char);
    assert_eq!(scalar("1h").ty(), Type::Short);
    assert_eq!(scalar("1i").ty(), Type::Int);
    assert_eq!(scalar("1l").ty(), Type::Long);
    assert_eq!(scalar("1f").ty(), Type::Float);
    assert_eq!(scalar("1F").ty(), Type::Double);
    assert_eq!(scalar("1.0").ty(), Type::Double);
    assert_eq!(scalar("1.0f").ty(), Type::Float);
    assert_eq!(scalar("1e3").as_f64(), Some(1000.0));
    assert_eq!(scalar("1.1E+3").as_f64(), Some(1100.0));
    assert_eq!(scalar(".5").as_f64(), Some(0.5));
    assert_eq!(scalar("-5").as_i64(), Some(-5));
    assert_eq!(scalar("true").ty(), Type::Bool);
    assert!(matches!(scalar("NULL"), Scalar::Void));
    assert!(matches!(scalar("null"), Scalar::Void));
}

#[test]
fn string_literals() {
    assert_eq!(scalar("'a'").ty(), Type::Char);
    assert_eq!(scalar("'ab'").ty(), Type::String);
    assert_eq!(scalar(r#""a\nb""#).as_str(), Some("a\nb"));
    assert_eq!(scalar(r#"'it\'s'"#).as_str(), Some("it's"));
    assert_eq!(scalar("`abc").as_str(), Some("abc"));
    assert_eq!(scalar("`a.b_1").as_str(), Some("a.b_1"));
    match konst("`a`b`c") {
        Value::Vector(v) => {
            assert_eq!(v.ty(), Type::String);
            assert_eq!(v.len(), 3);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn temporal_literals() {
    let cases = [
        ("2020.01.01", Type::Date),
        ("2020.01M", Type::Month),
        ("13:30m", Type::Minute),
        ("13:30:10", Type::Second),
        ("13:30:10.008", Type::Time),
        ("13:30:10.008007006", Type::NanoTime),
        ("2012.06.13T13:30:10", Type::DateTime),
        ("2012.06.13 13:30:10", Type::DateTime),
        ("2012.06.13T13:30:10.008", Type::Timestamp),
        ("2012.06.13T13:30:10.008007006", Type::NanoTimestamp),
    ];
    for (src, ty) in cases {
        assert_eq!(scalar(src).ty(), ty, "{src}");
        assert_eq!(p(src), src.replace(' ', "T"), "{src}");
    }
    assert_eq!(scalar("2012.06.13").as_i64(), Some(15504));
    assert_eq!(err("x = 2021.02.29").kind, crate::ErrorKind::Syntax);
    assert!(matches!(
        expr("13:30").kind,
        ExprKind::Binary {
            op: crate::ast::BinOp::Pair,
            ..
        }
    ));
}

#[test]
fn durations_and_typed_nulls() {
    for (src, unit) in [
        ("1s", "s"),
        ("3M", "M"),
        ("5y", "y"),
        ("200ms", "ms"),
        ("10m", "m"),
        ("4B", "B"),
        ("2H", "H"),
        ("1d", "d"),
        ("1w", "w"),
        ("5us", "us"),
        ("3ns", "ns"),
    ] {
        match scalar(src) {
            Scalar::Duration(_, u) => assert_eq!(u.suffix(), unit),
            other => panic!("{src}: {other:?}"),
        }
    }
    for c in "bchilfFdMtmsDTnN".chars() {
        let s = scalar(&format!("00{c}"));
        assert!(s.is_null(), "00{c}");
        assert_eq!(s.ty().null_suffix(), Some(c));
    }
}

#[test]
fn vector_literals() {
    let v = |src: &str| match konst(src) {
        Value::Vector(v) => (v.ty(), v.len()),
        other => panic!("{src}: {other:?}"),
    };
    assert_eq!(v("1 2 3"), (Type::Int, 3));
    assert_eq!(v("7 4 6 0 -5 32"), (Type::Int, 6));
    assert_eq!(v("2020.01.01 2020.01.02"), (Type::Date, 2));
    assert_eq!(v("true false"), (Type::Bool, 2));
    assert_eq!(v("1.5 NULL 3"), (Type::Double, 3));
    assert_eq!(v("10 2.5"), (Type::Double, 2));
    assert_eq!(v("-5 3"), (Type::Int, 2));
    // Mixed types that cannot share a type become a tuple.
    assert_eq!(v("3 2012.02.03 `GOOG").0, Type::Any);
    check(&[
        ("x - 1", "x - 1"),
        ("x -1", "x - 1"),
        ("1 -1", "1 -1"),
        ("1 - 1", "1 - 1"),
        ("1-1", "1 - 1"),
        ("!x-1", "!x - 1"),
        ("a[1 -1]", "a[1 -1]"),
    ]);
}

#[test]
fn names() {
    assert!(matches!(expr("a::b::f").kind, ExprKind::Qualified(ref v) if v.len() == 3));
    assert!(matches!(expr("::add").kind, ExprKind::Qualified(ref v) if v[0].is_empty()));
    check(&[
        ("::add(3, 4)", "::add(3, 4)"),
        ("selected = 1", "selected = 1"),
        ("fromX + 1", "fromX + 1"),
        ("x.append!(1)", "append!(x, 1)"),
        ("a != b", "a != b"),
    ]);
}

#[test]
fn precedence() {
    check(&[
        ("3*a..10", "3 * a..10"),
        ("1..3+1", "1..3 + 1"),
        ("1:3+1", "1:3 + 1"),
        ("-n..n", "-n..n"),
        ("(1+2)*3", "(1 + 2) * 3"),
        ("1+2*3", "1 + 2 * 3"),
        ("a || b && c", "a || b && c"),
        ("(a || b) && c", "(a || b) && c"),
        ("a & b | c ^ d", "a & b | c ^ d"),
        ("a << 1 + 2", "a << 1 + 2"),
        ("1 - 2 - 3", "1 - 2 - 3"),
        ("1 - (2 - 3)", "1 - (2 - 3)"),
        ("x $ INT", "x $ INT"),
        ("[1,2] <- 3", "[1, 2] <- 3"),
        ("x ** y", "x ** y"),
        ("x \\ y % z", "x \\ y % z"),
        ("c ? 1 : 2", "c ? 1 : 2"),
        ("(x > 0) ? a + 1 : b * 2", "x > 0 ? a + 1 : b * 2"),
        ("not x", "!x"),
    ]);
    // Operator-named built-ins keep their operator's level; other functions bind like `*`.
    assert_eq!(p("2 add 3 sub 5 f1 5"), "sub(add(2, 3), f1(5, 5))");
    assert_eq!(p("x f y * 2"), "f(x, y) * 2");
    assert_eq!(p("x add y * 2"), "add(x, y * 2)");
}

#[test]
fn chained_comparisons() {
    assert!(matches!(expr("a < b <= c").kind, ExprKind::Chain { ref rest, .. } if rest.len() == 2));
    assert!(matches!(expr("a < b").kind, ExprKind::Binary { .. }));
    assert!(matches!(expr("(a < b) < c").kind, ExprKind::Binary { .. }));
    assert_eq!(p("1<3>1==2<3!=1"), "1 < 3 > 1 == 2 < 3 != 1");
    assert_eq!(p("(a < b) < c"), "(a < b) < c");
}

#[test]
fn prefix_and_infix_calls() {
    check(&[
        ("sum 1 2 3 == 6", "sum(1 2 3 == 6)"),
        ("print x", "print(x)"),
        ("print \"hi\"", "print(\"hi\")"),
        ("sin x + cos x", "sin(x + cos(x))"),
        ("x add y", "add(x, y)"),
        ("3 f 4", "f(3, 4)"),
        ("print(x)", "print(x)"),
        ("print (x)", "print(x)"),
        ("typestr x", "typestr(x)"),
        ("x in y", "in(x, y)"),
        ("sum [1, 2]", "sum([1, 2])"),
    ]);
}

#[test]
fn calls_indexing_members() {
    check(&[
        ("f(x, y)", "f(x, y)"),
        ("f(a=1, b=2)", "f(a=1, b=2)"),
        ("f(, 3)", "f(, 3)"),
        ("f()", "f()"),
        ("x.f(y)", "f(x, y)"),
        ("x.f()", "f(x)"),
        ("t.col", "t.col"),
        ("t.col.sum()", "sum(t.col)"),
        ("x[i]", "x[i]"),
        ("x[i, j]", "x[i, j]"),
        ("x[, 1]", "x[, 1]"),
        ("x[1:3]", "x[1:3]"),
        ("x[1:]", "x[1:]"),
        ("x[:3]", "x[:3]"),
        ("t[`col]", "t[\"col\"]"),
        ("f(1)(2)", "f(1)(2)"),
        ("(sum)[1..10]", "sum[1..10]"),
        ("count(*)", "count(*)"),
        ("m[0][1]", "m[0][1]"),
    ]);
    match &expr("x.f(y)").kind {
        ExprKind::Call { func, args } => {
            assert!(matches!(&func.kind, ExprKind::Ident(n) if n.as_ref() == "f"));
            assert_eq!(args.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn tuples_arrays_dicts() {
    check(&[
        ("(1, 2, 3)", "(1, 2, 3)"),
        ("()", "()"),
        ("(x,)", "(x,)"),
        ("(x)", "x"),
        ("[1, 2, 3]", "[1, 2, 3]"),
        ("[]", "[]"),
        ("{'a':1, 'b':2}", "{'a': 1, 'b': 2}"),
        (
            "x = {'key1':10, 'key4':[1,2,3]}",
            "x = {\"key1\": 10, \"key4\": [1, 2, 3]}",
        ),
    ]);
    assert!(matches!(expr("(x)").kind, ExprKind::Ident(_)));
    assert!(matches!(expr("(x,)").kind, ExprKind::Tuple(ref v) if v.len() == 1));
    assert!(matches!(expr("{'a':1}").kind, ExprKind::Dict(ref v) if v.len() == 1));
}

#[test]
fn partial_application() {
    check(&[
        ("f{a, , c}", "f{a, , c}"),
        ("rank{percent=true}", "rank{percent=true}"),
        (
            "backup{\"/dir\", <select * from t where x > 1>, false, true}",
            "backup{\"/dir\", <select * from t where x > 1>, false, true}",
        ),
        ("x.f{p}", "f{x, p}"),
        ("g = f{1}", "g = f{1}"),
    ]);
    match &expr("f{a, , c}").kind {
        ExprKind::Partial { args, .. } => assert!(args[1].is_none()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn templates() {
    check(&[
        ("+:A 1..10", "+:A(1..10)"),
        ("1 +:A x", "+:A(1, x)"),
        ("x +:E y", "+:E(x, y)"),
        ("c +:E:L c", "+:E:L(c, c)"),
        ("sum:E(x)", "sum:E(x)"),
        ("each(f, x)", "each(f, x)"),
        ("f:PU(x)", "f:PU(x)"),
        ("a:b", "a:b"),
        ("-:P x", "-:P(x)"),
        ("2 *:T 1..10", "*:T(2, 1..10)"),
        ("expr(6, <, 8)", "expr(6, <, 8)"),
    ]);
    match &expr("f:E:L").kind {
        ExprKind::Adverb { adverbs, .. } => assert_eq!(adverbs.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn lambdas() {
    check(&[
        ("def(x){return x+1}", "def (x) { return x + 1 }"),
        ("def(x): x*2", "def (x) -> x * 2"),
        ("def (x, y) -> x + y", "def (x, y) -> x + y"),
        ("f = x -> x + 1", "f = def (x) -> x + 1"),
        ("(x, y) -> x + y", "def (x, y) -> x + y"),
        ("{x -> x*x}", "{ def (x) -> x * x }"),
        ("g = {x -> x*x}", "g = def (x) -> x * x"),
        ("g = {x, y -> x + y}", "g = def (x, y) -> x + y"),
        (
            "def(a,b){return a+b}(4,5)",
            "(def (a, b) { return a + b })(4, 5)",
        ),
        (
            "def f(a, b=2, mutable c){ return a }",
            "def f(a, b = 2, mutable c) { return a }",
        ),
        ("def f(a): a + 1", "def f(a): a + 1"),
        ("defg f(x){ return sum(x) }", "defg f(x) { return sum(x) }"),
        ("def f(a, b)", "def f(a, b)"),
    ]);
}

#[test]
fn metacode() {
    check(&[
        ("<x > 3>", "<x > 3>"),
        ("<6 < 8>", "<6 < 8>"),
        ("m = <1 + 2>", "m = <1 + 2>"),
        (
            "<select * from t where d>2017.08.10>",
            "<select * from t where d > 2017.08.10>",
        ),
    ]);
    match &expr("<6 < 8>").kind {
        ExprKind::Meta(inner) => assert_eq!(inner.to_string(), "6 < 8"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn assignments() {
    check(&[
        ("x = 1", "x = 1"),
        ("x[i] = 2", "x[i] = 2"),
        ("t.col = 3", "t.col = 3"),
        ("a, b = 1 2 3, 2:5", "a, b = (1 2 3, 2:5)"),
        ("x += 1", "x += 1"),
        ("x -= 1", "x -= 1"),
        ("x *= 2", "x *= 2"),
        ("x /= 2", "x /= 2"),
        ("&b = a", "&b = a"),
        ("const a = 1 2 3", "const a = 1 2 3"),
        ("x = select * from t", "x = select * from t"),
    ]);
}

#[test]
fn control_flow() {
    check(&[
        ("if (x) y = 1", "if (x) y = 1"),
        (
            "if (x) { y = 1 } else { y = 2 }",
            "if (x) { y = 1 } else { y = 2 }",
        ),
        ("if (x) y = 1; else y = 2", "if (x) y = 1 else y = 2"),
        (
            "if (a) x = 1\nelse if (b) x = 2\nelse x = 3",
            "if (a) x = 1 else if (b) x = 2 else x = 3",
        ),
        (
            "if (x) {\n y = 1\n}\nelse {\n y = 2\n}",
            "if (x) { y = 1 } else { y = 2 }",
        ),
        ("for (i in 1..10) s += i", "for (i in 1..10) s += i"),
        (
            "for(i in 0:3){\n print(i)\n}",
            "for (i in 0:3) { print(i) }",
        ),
        (
            "do { x += 1 } while (x < 10)",
            "do { x += 1 } while (x < 10)",
        ),
        (
            "do {\n x += 1\n}\nwhile (x < 10)",
            "do { x += 1 } while (x < 10)",
        ),
        ("while (x < 10) x += 1", "while (x < 10) x += 1"),
        (
            "while (true) { break; continue }",
            "while (true) { break; continue }",
        ),
        ("return", "return"),
        ("return x", "return x"),
        ("return a+b, a-b", "return (a + b, a - b)"),
        (
            "try { f() } catch(ex) { print(ex) }",
            "try { f() } catch(ex) { print(ex) }",
        ),
        (
            "try {\n f()\n}\ncatch(ex) {\n print(ex)\n}",
            "try { f() } catch(ex) { print(ex) }",
        ),
        ("throw \"odd\"", "throw \"odd\""),
        ("go", "go"),
        ("share t as st", "share t as st"),
        ("share(t, \"st\")", "share(t, \"st\")"),
        ("undef x", "undef x"),
        ("undef all", "undef all"),
        ("undef(`x)", "undef(\"x\")"),
        ("module a::b", "module a::b"),
        ("use a::b", "use a::b"),
        ("assert x == 1", "assert x == 1"),
        ("assert \"desc\", x == 1", "assert \"desc\", x == 1"),
        ("assert subCase1, x == 1", "assert \"subCase1\", x == 1"),
        ("timer f()", "timer f()"),
        ("timer(10) { f() }", "timer(10) { f() }"),
        ("{ x = 1; y = 2 }", "{ x = 1; y = 2 }"),
        (";", ""),
    ]);
    match &stmts("@testing:case=\"name\"")[0].kind {
        StmtKind::TestCase {
            name,
            expect_exception,
        } => {
            assert_eq!(name, "name");
            assert!(!expect_exception);
        }
        other => panic!("{other:?}"),
    }
    match &stmts("@testing: case = \"n2\", exception=1")[0].kind {
        StmtKind::TestCase {
            expect_exception, ..
        } => assert!(expect_exception),
        other => panic!("{other:?}"),
    }
}

#[test]
fn newlines_end_statements() {
    assert_eq!(stmts("x = f\ny").len(), 2);
    assert_eq!(p("x = f\ny"), "x = f; y");
    assert_eq!(p("x = 1 +\n2"), "x = 1 + 2");
    assert_eq!(p("f(1,\n2)"), "f(1, 2)");
    assert_eq!(p("x = [1,\n2,\n3]"), "x = [1, 2, 3]");
    assert_eq!(p("d = {'a': 1,\n'b': 2}"), "d = {'a': 1, 'b': 2}");
    assert_eq!(p("g = f{1,\n2}"), "g = f{1, 2}");
    assert_eq!(p("x = 1; y = 2\nz = 3"), "x = 1; y = 2; z = 3");
    assert_eq!(p("x = 1 // comment\ny = 2"), "x = 1; y = 2");
    assert_eq!(p("x = 1 /* a\nb */\ny = 2"), "x = 1; y = 2");
    assert_eq!(p("#include \"a.dos\"\nx = 1"), "x = 1");
    assert_eq!(
        p("def f(x) {\n y = x\n return y\n}"),
        "def f(x) { y = x; return y }"
    );
    assert_eq!(p("def f(x)\n{\n return x\n}"), "def f(x) { return x }");
    assert_eq!(
        p("f(def(x){\n a = 1\n return a\n})"),
        "f(def (x) { a = 1; return a })"
    );
    assert_eq!(p("x = 1\r\ny = 2\r\n"), "x = 1; y = 2");
}

#[test]
fn equals_outside_sql_is_an_error() {
    let e = err("if (x = 1) y = 2");
    assert_eq!(
        e.message,
        "Please use '==' rather than '=' as equal operator in non-sql expression."
    );
    assert_eq!(e.span.map(|s| s.start), Some(6));
    assert_eq!(p("print(a = 1)"), "print(a=1)");
}

#[test]
fn syntax_errors_in_words() {
    let e = err("x = (1 + )");
    assert_eq!(e.message, "expected expression, found ')'");
    assert_eq!(e.span.map(|s| (s.start, s.end)), Some((9, 10)));
    let e = err("if (x) {\n y = 1\n");
    assert!(
        e.message
            .starts_with("unexpected end of input, expected '}'"),
        "{}",
        e.message
    );
    let e = err("x = 1\ny = f(1, 2))");
    assert_eq!(e.message, "unexpected ')'");
    let src = crate::syntax::span::add_source("err.dos", "x = 1\ny = f(1, 2))");
    let e = parse_program("x = 1\ny = f(1, 2))", src).expect_err("unbalanced");
    let span = e.span.expect("errors carry spans");
    let source = crate::syntax::span::source(src).expect("registered");
    assert_eq!(source.line_col(span.start as usize), (2, 12));
}

#[test]
fn incomplete_input() {
    assert!(is_incomplete("f(1, "));
    assert!(is_incomplete("if (x) {"));
    assert!(is_incomplete("x = \"abc"));
    assert!(is_incomplete("/* abc"));
    assert!(is_incomplete("x = <1 + 2"));
    assert!(is_incomplete("x = 1 +"));
    assert!(!is_incomplete("x = 1"));
    assert!(!is_incomplete("x = (1))"));
    assert!(!is_incomplete(""));
}

#[test]
fn more_literals_and_forms() {
    assert_eq!(
        p("wj(t1, t2, -5s:0s, <[min(bid), max(ask) as a]>, `sym`time)"),
        "wj(t1, t2, -5s:0s, <[min(bid), max(ask) as a]>, \"sym\" \"time\")"
    );
    assert_eq!(
        p("t = table(1 2 as a, 3 4 as b)"),
        "t = table(1 2 as a, 3 4 as b)"
    );
    assert_eq!(p("x = 1 -2 -3"), "x = 1 -2 -3");
    assert_eq!(p("x = 0..n-1"), "x = 0..n - 1");
    assert_eq!(p("y = x.f{1}(2)"), "y = f{x, 1}(2)");
    assert_eq!(err("x = 1 2 )").message, "unexpected ')'");
    assert_eq!(
        err("f(1, 2").message,
        "unexpected end of input, expected ')'"
    );
}

#[test]
fn spans_cover_source() {
    let s = &stmts("x = 1\n  y = a + b")[1];
    assert_eq!((s.span.start, s.span.end), (8, 17));
    match &s.kind {
        StmtKind::Assign { value, .. } => assert_eq!((value.span.start, value.span.end), (12, 17)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dbg_one() {
    if let Ok(src) = std::env::var("DBG_SRC") {
        match parse_program(&src, FileId(0)) {
            Ok(prog) => {
                for s in &prog.stmts {
                    println!("PRINT: {s}\nAST: {:?}", s.kind);
                }
            }
            Err(e) => println!("ERROR: {} at {:?}", e.message, e.span),
        }
    }
}
