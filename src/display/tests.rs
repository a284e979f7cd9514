//! Tests of the console forms of every data form. Expected texts are DolphinDB console
//! transcripts from its documentation where one exists.

use super::*;
use crate::value::{Dict, Matrix, Scalar, Set, Table, Type, VecData, Vector};
use std::sync::Arc;

fn strs(items: &[&str]) -> Vec<Arc<str>> {
    items.iter().map(|s| Arc::from(*s)).collect()
}

fn vec_value(v: Vector) -> Value {
    Value::vector(v)
}

#[test]
fn scalars_print_bare() {
    assert_eq!(display(&Value::int(3)), "3");
    assert_eq!(display(&Value::double(4.8)), "4.8");
    assert_eq!(display(&Value::string("helloworld")), "helloworld");
    assert_eq!(display(&Value::Scalar(Scalar::char(99))), "'c'");
    assert_eq!(display(&Value::bool(false)), "false");
    assert_eq!(display(&Value::NULL), "");
    assert_eq!(display(&Value::Scalar(Scalar::null(Type::Int))), "00i");
    assert_eq!(display(&Value::Scalar(Scalar::null(Type::Double))), "00F");
    assert_eq!(display(&Value::Scalar(Scalar::null(Type::Bool))), "00b");
    assert_eq!(display(&Value::Scalar(Scalar::null(Type::String))), "");
    assert_eq!(display(&Value::double(5.297834e11)), "5.297834e+11");
    assert_eq!(
        display(&Value::Scalar(Scalar::I64(
            Type::Timestamp,
            1_339_594_210_008
        ))),
        "2012.06.13T13:30:10.008"
    );
}

#[test]
fn vectors() {
    assert_eq!(display(&vec_value(Vector::ints(vec![1, 2, 3]))), "[1,2,3]");
    let with_nulls = Vector::ints(vec![3, i32::MIN, 6, 1, i32::MIN, 9]);
    assert_eq!(display(&vec_value(with_nulls)), "[3,,6,1,,9]");
    assert_eq!(
        display(&vec_value(Vector::strings(strs(&["IBM", "MS"])))),
        "[\"IBM\",\"MS\"]"
    );
    assert_eq!(
        display(&vec_value(Vector::symbols(strs(&["A", "B"])))),
        "[\"A\",\"B\"]"
    );
    let chars = Vector::new(Type::Char, VecData::I8(vec![120, 121]));
    assert_eq!(display(&vec_value(chars)), "['x','y']");
    let dates = Vector::new(Type::Date, VecData::I32(vec![15504, 15505]));
    assert_eq!(display(&vec_value(dates)), "[2012.06.13,2012.06.14]");
    assert_eq!(
        display(&vec_value(Vector::bools(vec![1, 0]))),
        "[true,false]"
    );
    assert_eq!(
        display(&vec_value(Vector::doubles(vec![172.91, 173.45, 171.6]))),
        "[172.91,173.45,171.6]"
    );
    assert_eq!(display(&vec_value(Vector::ints(vec![]))), "[]");
}

#[test]
fn lone_null_element_prints_typed_literal() {
    assert_eq!(display(&vec_value(Vector::ints(vec![i32::MIN]))), "[00i]");
}

#[test]
fn long_vectors_are_cut() {
    let text = display(&vec_value(Vector::ints((0..100).collect())));
    let expected: Vec<String> = (0..30).map(|i| i.to_string()).collect();
    assert_eq!(text, format!("[{}...]", expected.join(",")));
    let opts = DisplayOptions {
        max_vector: 3,
        ..DisplayOptions::default()
    };
    assert_eq!(
        display_with(&vec_value(Vector::ints(vec![1, 2, 3, 4])), &opts),
        "[1,2,3...]"
    );
    let all = display_with(
        &vec_value(Vector::ints((0..100).collect())),
        &DisplayOptions::unlimited(),
    );
    assert!(all.ends_with(",99]"));
}

#[test]
fn tuples() {
    let t = Vector::tuple(vec![Value::int(1), Value::int(2), Value::int(3)]);
    assert_eq!(display(&vec_value(t)), "(1,2,3)");
    let t = Vector::tuple(vec![
        vec_value(Vector::ints(vec![1, 2, 3])),
        Value::string("GOOG"),
    ]);
    assert_eq!(display(&vec_value(t)), "([1,2,3],\"GOOG\")");
    let one = Vector::tuple(vec![vec_value(Vector::ints(vec![1, 2, 3]))]);
    assert_eq!(display(&vec_value(one)), "([1,2,3])");
    let nested = Vector::tuple(vec![vec_value(Vector::tuple(vec![
        vec_value(Vector::ints(vec![5, 7, 8])),
        vec_value(Vector::ints(vec![11, 3, 5])),
    ]))]);
    assert_eq!(display(&vec_value(nested)), "(([5,7,8],[11,3,5]))");
    let mixed = Vector::tuple(vec![
        Value::int(3),
        Value::Scalar(Scalar::I32(Type::Date, 15373)),
        Value::string("GOOG"),
    ]);
    assert_eq!(display(&vec_value(mixed)), "(3,2012.02.03,\"GOOG\")");
    let holes = Vector::tuple(vec![Value::int(1), Value::NULL, Value::int(3)]);
    assert_eq!(display(&vec_value(holes)), "(1,,3)");
    assert_eq!(display(&vec_value(Vector::tuple(vec![]))), "()");
}

#[test]
fn pairs() {
    let p = Value::Pair(Arc::new(Vector::ints(vec![2, 5])));
    assert_eq!(display(&p), "2 : 5");
    let p = Value::Pair(Arc::new(Vector::strings(strs(&["USER", "it is an odd"]))));
    assert_eq!(display(&p), "\"USER\" : \"it is an odd\"");
}

#[test]
fn sets() {
    let mut s = Set::new(Type::Int);
    for x in [4, 3, 5] {
        s.insert(Scalar::int(x));
    }
    assert_eq!(display(&Value::Set(Arc::new(s))), "set(4,3,5)");
    assert_eq!(display(&Value::Set(Arc::new(Set::new(Type::Int)))), "set()");
}

#[test]
fn dictionaries() {
    let mut d = Dict::new(Type::String, Type::Any, true);
    d.insert(
        Scalar::string("SECOND"),
        vec_value(Vector::new(
            Type::Second,
            VecData::I32(vec![37801, 37803, 37805]),
        )),
    );
    d.insert(
        Scalar::string("MS"),
        vec_value(Vector::doubles(vec![29.11, 29.03, 29.4])),
    );
    d.insert(Scalar::string("TOTAL"), Value::int(3));
    d.insert(Scalar::string("dfsPath"), Value::string("dfs://db"));
    let expected = "\
SECOND->[10:30:01,10:30:03,10:30:05]
MS->[29.11,29.03,29.4]
TOTAL->3
dfsPath->dfs://db";
    assert_eq!(display(&Value::dict(d)), expected);
}

#[test]
fn dictionary_with_nested_values() {
    let mut inner = Dict::new(Type::String, Type::Int, true);
    inner.insert(Scalar::string("a"), Value::int(1));
    let mut t = Table::new();
    t.add_column("x".into(), Arc::new(Vector::ints(vec![1, 2])))
        .expect("first column");
    let mut d = Dict::new(Type::String, Type::Any, true);
    d.insert(Scalar::string("inner"), Value::dict(inner));
    d.insert(Scalar::string("t"), Value::table(t));
    assert_eq!(
        display(&Value::dict(d)),
        "inner->\n    a->1\nt->\nx\n-\n1\n2"
    );
}

#[test]
fn dictionary_with_table_value_like_get_backup_meta() {
    let mut schema = Table::new();
    schema
        .add_column(
            "name".into(),
            Arc::new(Vector::strings(strs(&["month", "x"]))),
        )
        .expect("first column");
    schema
        .add_column(
            "typeString".into(),
            Arc::new(Vector::strings(strs(&["MONTH", "INT"]))),
        )
        .expect("same length");
    schema
        .add_column("typeInt".into(), Arc::new(Vector::ints(vec![7, 4])))
        .expect("same length");
    schema
        .add_column("extra".into(), Arc::new(Vector::ints(vec![i32::MIN; 2])))
        .expect("same length");
    schema
        .add_column("comment".into(), Arc::new(Vector::strings(strs(&["", ""]))))
        .expect("same length");
    let mut d = Dict::new(Type::String, Type::Any, true);
    d.insert(Scalar::string("schema"), Value::table(schema));
    d.insert(
        Scalar::string("dfsPath"),
        Value::string("dfs://valuedb/200001M/b39"),
    );
    d.insert(Scalar::string("rows"), Value::int(750000));
    d.insert(
        Scalar::string("chunkID"),
        Value::string("0061427c-4b24-e3b6-425c-c0e1553d3c35"),
    );
    d.insert(Scalar::string("cid"), Value::long(13349));
    let expected = "\
schema->
name  typeString typeInt extra comment
----- ---------- ------- ----- -------
month MONTH      7
x     INT        4

dfsPath->dfs://valuedb/200001M/b39
rows->750000
chunkID->0061427c-4b24-e3b6-425c-c0e1553d3c35
cid->13349";
    assert_eq!(display(&Value::dict(d)), expected);
}

#[test]
fn long_dictionary_is_cut() {
    let mut d = Dict::new(Type::Int, Type::Int, true);
    for i in 0..5 {
        d.insert(Scalar::int(i), Value::int(i * 10));
    }
    let opts = DisplayOptions {
        max_rows: 2,
        ..DisplayOptions::default()
    };
    assert_eq!(display_with(&Value::dict(d), &opts), "0->0\n1->10\n...");
}

#[test]
fn tables_and_matrices_dispatch() {
    let mut t = Table::new();
    t.add_column("sym".into(), Arc::new(Vector::symbols(strs(&["A", ""]))))
        .expect("first column");
    t.add_column(
        "price".into(),
        Arc::new(Vector::doubles(vec![10.5, f64::MIN])),
    )
    .expect("same length");
    assert_eq!(
        display(&Value::table(t)),
        "sym price\n--- -----\nA   10.5\n"
    );
    let m = Matrix::new(Vector::ints(vec![0; 6]), 2, 3).expect("6 = 2*3");
    assert_eq!(
        display(&Value::Matrix(Arc::new(m))),
        "#0 #1 #2\n-- -- --\n0  0  0\n0  0  0"
    );
}

#[test]
fn builtin_function_prints_its_name() {
    use crate::builtins::Builtin;
    fn noop(_: &mut crate::eval::Interp, _: &[Value]) -> crate::error::Result<Value> {
        Ok(Value::NULL)
    }
    let b: &'static Builtin = Box::leak(Box::new(Builtin::new("sum(X)", noop)));
    let f = Value::Function(Arc::new(Function::Builtin(b)));
    assert_eq!(display(&f), "sum");
}
