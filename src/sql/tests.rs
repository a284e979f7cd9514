//! End-to-end SQL tests: script text through the parser and evaluator, results compared in
//! console form.

use crate::display::display;
use crate::eval::Interp;

/// The sample table most tests query.
const SETUP: &str = "id = 1 2 3 4 5; sym = `A`B`A`C`B; price = 10.5 20.0 30.5 40.0 50.5; \
qty = 100 200 300 400 500; t = table(id, sym, price, qty);";

/// Runs `setup` then `query`, returning the displayed value of the query.
fn run(setup: &str, query: &str) -> String {
    let mut it = Interp::with_output(Box::new(std::io::sink()));
    it.run_source("setup", setup).expect("setup runs");
    match it.run_source("query", query) {
        Ok(v) => display(&v),
        Err(e) => format!("error: {}", e.message),
    }
}

fn q(query: &str) -> String {
    run(SETUP, query)
}

#[test]
fn select_star_and_alias() {
    assert_eq!(
        q("select id, price as p from t where qty > 300"),
        "id p\n-- ----\n4  40\n5  50.5"
    );
    assert_eq!(q("select * from t").lines().count(), 7);
}

#[test]
fn where_conditions() {
    assert_eq!(q("select id from t where sym = `A, qty > 100"), "id\n--\n3");
    assert_eq!(
        q("select id from t where sym == `B and price > 30"),
        "id\n--\n5"
    );
    assert_eq!(
        q("select id from t where sym = `A or qty = 400"),
        "id\n--\n1\n3\n4"
    );
    assert_eq!(
        q("select id from t where qty between 200:400"),
        "id\n--\n2\n3\n4"
    );
    assert_eq!(
        q("select id from t where sym not in (`A, `C)"),
        "id\n--\n2\n5"
    );
    assert_eq!(
        q("select id from t where sym in (select sym from t where id = 4)"),
        "id\n--\n4"
    );
    assert_eq!(
        q("select id from t where price > select avg(price) from t"),
        "id\n--\n3\n4\n5"
    );
}

#[test]
fn default_names_and_broadcast() {
    assert_eq!(
        q("select max(price), count(*) from t"),
        "max_price count\n--------- -----\n50.5      5"
    );
    assert_eq!(
        q("select id, qty * 2 from t where id < 3"),
        "id mul_qty\n-- -------\n1  200\n2  400"
    );
    assert_eq!(q("select id, 1 from t where id = 1"), "id 1\n-- -\n1  1");
}

#[test]
fn group_by_sorts_by_key_and_filters_with_having() {
    assert_eq!(
        q("select sum(qty), avg(price) from t group by sym"),
        "sym sum_qty avg_price\n--- ------- ---------\nA   400     20.5\nB   700     35.25\nC   400     40"
    );
    assert_eq!(
        q("select sum(qty) as total from t group by sym having sum(qty) > 400"),
        "sym total\n--- -----\nB   700"
    );
}

#[test]
fn context_by_keeps_rows_per_group() {
    assert_eq!(
        q("select sym, id, sum(qty) as s from t context by sym"),
        "sym id s\n--- -- ---\nA   1  400\nA   3  400\nB   2  700\nB   5  700\nC   4  400"
    );
    assert_eq!(
        q("select sym, id from t context by sym csort id desc limit 1"),
        "sym id\n--- --\nA   3\nB   5\nC   4"
    );
}

#[test]
fn order_top_limit_distinct() {
    assert_eq!(
        q("select top 2 id, qty from t order by qty desc"),
        "id qty\n-- ---\n5  500\n4  400"
    );
    assert_eq!(q("select id from t limit 1, 2"), "id\n--\n2\n3");
    assert_eq!(q("select id from t limit -2"), "id\n--\n4\n5");
    assert_eq!(
        q("select distinct sym from t order by sym desc"),
        "sym\n---\nC\nB\nA"
    );
}

#[test]
fn exec_shapes() {
    assert_eq!(q("exec price from t where qty > 300"), "[40,50.5]");
    assert_eq!(q("exec count(id) from t"), "5");
    assert_eq!(q("typestr(exec id, qty from t)"), "IN-MEMORY TABLE");
}

#[test]
fn joins() {
    let setup = "id = 1 2 3; value = 7.8 4.6 5.1; t1 = table(id, value); \
                 id = 5 3 1; qty = 300 500 800; t2 = table(id, qty);";
    assert_eq!(
        run(setup, "select * from ej(t1, t2, `id)"),
        "id value qty\n-- ----- ---\n1  7.8   800\n3  5.1   500"
    );
    assert_eq!(
        run(
            setup,
            "select id, t2_id, qty from fj(t1, t2, `id) order by id"
        ),
        "id t2_id qty\n-- ----- ---\n   5     300\n1  1     800\n2\n3  3     500"
    );
    assert_eq!(
        run(
            setup,
            "select value, qty from t1 left join t2 on t1.id = t2.id order by value"
        ),
        "value qty\n----- ---\n4.6\n5.1   500\n7.8   800"
    );
    assert_eq!(
        run(
            setup,
            "select t2.qty from t1 a inner join t2 on a.id = t2.id"
        ),
        "qty\n---\n800\n500"
    );
}

#[test]
fn pivot_by_spreads_the_last_key() {
    let setup = "sym = `C`MS`C; price = 1.5 2.5 3.5; d = 1 1 2; t = table(d, sym, price);";
    assert_eq!(
        run(setup, "select price from t pivot by d, sym"),
        "d C   MS\n- --- ---\n1 1.5 2.5\n2 3.5"
    );
}

#[test]
fn update_delete_insert_modify_the_variable() {
    assert_eq!(
        q("update t set price = price * 2 where sym = `A; exec price from t"),
        "[21,20,61,40,50.5]"
    );
    assert_eq!(
        q("update t set flag = 1 where id = 2; exec flag from t"),
        "[,1,,,]"
    );
    assert_eq!(
        q("delete from t where qty > 300, sym = `B; exec id from t"),
        "[1,2,3,4]"
    );
    assert_eq!(
        q("insert into t values(6 7, `D`E, 1.0 2.0, 600 700); exec id from t"),
        "[1,2,3,4,5,6,7]"
    );
    assert_eq!(
        q("insert into t(id, sym) values(8, `F); exec qty from t"),
        "[100,200,300,400,500,]"
    );
    assert_eq!(
        q("insert into t values(`x, `D, 1.0, 600)"),
        "error: Incompatible type. Expected: INT, Actual: STRING"
    );
}

#[test]
fn errors() {
    assert_eq!(
        q("x = 5; select * from x"),
        "error: The object after from must be a table, but it is INT"
    );
    assert_eq!(
        q("select nosuch from t"),
        "error: Cannot recognize the token nosuch"
    );
}
