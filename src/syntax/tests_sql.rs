//! SQL parser tests and printer round trips.

use super::tests::{expr, p};
use crate::ast::{ExprKind, FromItem, Grouping, JoinKind};

#[test]
fn select_clauses() {
    let cases = [
        ("select * from t", "select * from t"),
        ("SELECT a, b From t", "select a, b from t"),
        (
            "select a as x, sum(b) as s from t",
            "select a as x, sum(b) as s from t",
        ),
        ("select count(*) from t", "select count(*) from t"),
        ("select distinct a from t", "select distinct a from t"),
        ("select top 10 * from t", "select top 10 * from t"),
        ("select top 2:5 * from t", "select top 2:5 * from t"),
        ("exec a from t", "exec a from t"),
        (
            "select * from t where a = 1, b > 2",
            "select * from t where a == 1, b > 2",
        ),
        (
            "select * from t where a > 1 and b < 2",
            "select * from t where a > 1 && b < 2",
        ),
        (
            "select * from t where x between 1:3",
            "select * from t where between(x, 1:3)",
        ),
        (
            "select * from t where x in (1, 2)",
            "select * from t where in(x, (1, 2))",
        ),
        (
            "select * from t where x not in (1, 2)",
            "select * from t where !in(x, (1, 2))",
        ),
        (
            "select * from t where s like \"%a%\"",
            "select * from t where like(s, \"%a%\")",
        ),
        (
            "select * from t where x is null",
            "select * from t where isNull(x)",
        ),
        (
            "select * from t where x is not null",
            "select * from t where !isNull(x)",
        ),
        (
            "select * from t where x in select c from t2",
            "select * from t where in(x, select c from t2)",
        ),
        (
            "select sum(x) from t group by k",
            "select sum(x) from t group by k",
        ),
        (
            "select sum(x) from t group by k as kk",
            "select sum(x) from t group by k as kk",
        ),
        (
            "select x from t context by k csort y desc",
            "select x from t context by k csort y desc",
        ),
        (
            "select x from t pivot by a, b",
            "select x from t pivot by a, b",
        ),
        (
            "select sum(x) from t group by k having sum(x) > 1",
            "select sum(x) from t group by k having sum(x) > 1",
        ),
        (
            "select * from t order by x desc, y asc nulls last",
            "select * from t order by x desc, y nulls last",
        ),
        ("select * from t limit 10", "select * from t limit 10"),
        ("select * from t limit 2, 10", "select * from t limit 2, 10"),
        (
            "select max price as p from t",
            "select max(price) as p from t",
        ),
        (
            "select avg price, sum qty from t",
            "select avg(price), sum(qty) from t",
        ),
        (
            "select case when x > 1 then 1 else 0 end as c from t",
            "select case when x > 1 then 1 else 0 end as c from t",
        ),
        (
            "select * from loadTable(\"dfs://x\", \"t\")",
            "select * from loadTable(\"dfs://x\", \"t\")",
        ),
        (
            "select * from ej(t1,t2,`id)",
            "select * from ej(t1, t2, \"id\")",
        ),
        (
            "select * from (select a from t) as s",
            "select * from (select a from t) as s",
        ),
        (
            "select * from t1 inner join t2 on t1.id = t2.id",
            "select * from t1 inner join t2 on t1.id == t2.id",
        ),
        (
            "select * from t1 left join t2 on t1.id = t2.id",
            "select * from t1 left join t2 on t1.id == t2.id",
        ),
        (
            "select * from t1 left semi join t2 on a = b",
            "select * from t1 left semi join t2 on a == b",
        ),
        (
            "select * from t1 full outer join t2 on a = b",
            "select * from t1 full join t2 on a == b",
        ),
        (
            "select * from t1 full join t2 on a = b",
            "select * from t1 full join t2 on a == b",
        ),
        (
            "select * from t1 cross join t2",
            "select * from t1 cross join t2",
        ),
        (
            "select *\nfrom t\nwhere x > 1\ny = 2",
            "select * from t where x > 1; y = 2",
        ),
        ("t2 = select * from t", "t2 = select * from t"),
        (
            "select selected, fromX from t",
            "select selected, fromX from t",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(p(src), want, "source: {src:?}");
    }
}

#[test]
fn select_shape() {
    let e = expr("select a from t1 left join t2 on t1.id = t2.id where x > 1 context by k");
    let ExprKind::Select(sel) = e.kind else {
        panic!("not a select")
    };
    assert!(matches!(
        sel.from,
        Some(FromItem::Join {
            kind: JoinKind::Left,
            ..
        })
    ));
    assert_eq!(sel.where_.len(), 1);
    assert!(matches!(sel.group, Some(Grouping::ContextBy(_))));
}

#[test]
fn update_delete_insert() {
    let cases = [
        (
            "update t set a = 1, b = b + 1",
            "update t set a = 1, b = b + 1",
        ),
        (
            "update t set a = 1 where b = 2",
            "update t set a = 1 where b == 2",
        ),
        (
            "update t set a = cumsum(b) context by k",
            "update t set a = cumsum(b) context by k",
        ),
        ("delete from t", "delete from t"),
        (
            "delete from t where id = 3, x > 8",
            "delete from t where id == 3, x > 8",
        ),
        (
            "insert into t values (1, 'a'), (2, 'b')",
            "insert into t values (1, 'a'), (2, 'b')",
        ),
        (
            "insert into t(c1, c2) values(1, 2)",
            "insert into t(c1, c2) values (1, 2)",
        ),
        (
            "insert into t select * from t2",
            "insert into t select * from t2",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(p(src), want, "source: {src:?}");
    }
}

#[test]
fn a_select_on_the_next_line_is_a_new_statement() {
    let prog = p("select * from t order by x\nselect * from t");
    assert_eq!(prog, "select * from t order by x; select * from t");
    let prog = p("exec a from t where b > 1\nexec b from t");
    assert_eq!(prog, "exec a from t where b > 1; exec b from t");
    // `insert into t` may still take its query from the next line.
    assert_eq!(
        p("insert into t\nselect * from s"),
        "insert into t select * from s"
    );
}

#[test]
fn empty_array_elements_are_null() {
    assert_eq!(p("[2017.08.08, ]"), p("[2017.08.08, NULL]"));
    assert_eq!(p("[,[0]]"), p("[NULL, [0]]"));
    assert_eq!(p("[, ]"), p("[NULL, NULL]"));
    assert_eq!(p("[]"), "[]");
}
