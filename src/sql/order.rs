//! Row keys and row ordering shared by grouping, joins, `distinct` and `order by`: hashable
//! per-row key atoms and a typed, stable multi-key sort with DolphinDB's NULL placement.

use crate::ast::OrderItem;
use crate::value::{Scalar, VecData, Vector, NULL_F32, NULL_F64, NULL_I16, NULL_I32, NULL_I8};
use std::cmp::Ordering;
use std::sync::Arc;

/// One cell of a key column in a form that hashes and compares across integer widths, so
/// an INT key matches a LONG key in a join. All NULLs are one atom (NULL keys form a group).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Atom {
    Null,
    Int(i64),
    Float(u64),
    Str(Arc<str>),
    U128(u128),
    /// Elements of tuples, compared through their display-independent debug form.
    Other(String),
}

/// The key atom of row `i` of `v`.
pub(crate) fn atom(v: &Vector, i: usize) -> Atom {
    match v.data() {
        VecData::I8(x) => int_atom(x[i] as i64, x[i] == NULL_I8),
        VecData::I16(x) => int_atom(x[i] as i64, x[i] == NULL_I16),
        VecData::I32(x) => int_atom(x[i] as i64, x[i] == NULL_I32),
        VecData::I64(x) => int_atom(x[i], x[i] == i64::MIN),
        VecData::F32(x) => float_atom(x[i] as f64, x[i] == NULL_F32),
        VecData::F64(x) => float_atom(x[i], x[i] == NULL_F64),
        VecData::Str(x) if x[i].is_empty() => Atom::Null,
        VecData::Str(x) => Atom::Str(x[i].clone()),
        VecData::U128(x) if x[i] == 0 => Atom::Null,
        VecData::U128(x) => Atom::U128(x[i]),
        VecData::Any(x) => match &x[i] {
            crate::value::Value::Scalar(s) => scalar_atom(s),
            other => Atom::Other(format!("{other:?}")),
        },
    }
}

/// The key atom of a scalar (used to match literal values against columns).
pub(crate) fn scalar_atom(s: &Scalar) -> Atom {
    if s.is_null() {
        return Atom::Null;
    }
    match s {
        Scalar::I8(_, v) => Atom::Int(*v as i64),
        Scalar::I16(_, v) => Atom::Int(*v as i64),
        Scalar::I32(_, v) => Atom::Int(*v as i64),
        Scalar::I64(_, v) => Atom::Int(*v),
        Scalar::F32(v) => float_atom(*v as f64, false),
        Scalar::F64(v) => float_atom(*v, false),
        Scalar::Str(_, v) => Atom::Str(v.clone()),
        Scalar::U128(v) => Atom::U128(*v),
        other => Atom::Other(format!("{other:?}")),
    }
}

fn int_atom(v: i64, null: bool) -> Atom {
    if null {
        Atom::Null
    } else {
        Atom::Int(v)
    }
}

/// Floats that hold whole numbers hash like integers so `1.0` matches `1`.
fn float_atom(v: f64, null: bool) -> Atom {
    if null || v.is_nan() {
        return Atom::Null;
    }
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        return Atom::Int(v as i64);
    }
    Atom::Float(v.to_bits())
}

/// Compares rows `i` and `j` of one column: NULLs first, then by value.
pub(crate) fn cmp_cells(v: &Vector, i: usize, j: usize) -> Ordering {
    fn float(a: f64, b: f64, null: f64) -> Ordering {
        let an = a == null || a.is_nan();
        let bn = b == null || b.is_nan();
        match (an, bn) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => a.total_cmp(&b),
        }
    }
    match v.data() {
        VecData::I8(x) => x[i].cmp(&x[j]),
        VecData::I16(x) => x[i].cmp(&x[j]),
        VecData::I32(x) => x[i].cmp(&x[j]),
        VecData::I64(x) => x[i].cmp(&x[j]),
        VecData::F32(x) => float(x[i] as f64, x[j] as f64, NULL_F32 as f64),
        VecData::F64(x) => float(x[i], x[j], NULL_F64),
        VecData::Str(x) => x[i].cmp(&x[j]),
        VecData::U128(x) => x[i].cmp(&x[j]),
        VecData::Any(x) => match (&x[i], &x[j]) {
            (crate::value::Value::Scalar(a), crate::value::Value::Scalar(b)) => a.total_cmp(b),
            _ => Ordering::Equal,
        },
    }
}

/// One `order by` key: the evaluated column and its direction.
pub(crate) struct SortKey<'a> {
    pub col: &'a Vector,
    pub desc: bool,
    /// `Some(true)` puts NULLs first whatever the direction.
    pub nulls_first: Option<bool>,
}

/// Compares two rows on several keys.
pub(crate) fn cmp_rows(keys: &[SortKey], i: usize, j: usize) -> Ordering {
    for k in keys {
        let ord = match k.nulls_first {
            Some(first) => {
                let (ni, nj) = (k.col.is_null_at(i), k.col.is_null_at(j));
                match (ni, nj) {
                    (true, true) => Ordering::Equal,
                    (true, false) if first => Ordering::Less,
                    (true, false) => Ordering::Greater,
                    (false, true) if first => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ => directed(cmp_cells(k.col, i, j), k.desc),
                }
            }
            None => directed(cmp_cells(k.col, i, j), k.desc),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

fn directed(ord: Ordering, desc: bool) -> Ordering {
    if desc {
        ord.reverse()
    } else {
        ord
    }
}

/// Sorts the row positions `idx` by `keys`, keeping equal rows in their order (stable).
pub(crate) fn sort_positions(idx: &mut [i64], keys: &[SortKey]) {
    idx.sort_by(|&a, &b| cmp_rows(keys, a as usize, b as usize));
}

/// The positions of `n` rows in the order of evaluated `order by` (or `csort`) columns, each
/// with the item that gives its direction and NULL placement.
pub(crate) fn order_positions(n: usize, keys: &[(Arc<Vector>, &OrderItem)]) -> Vec<i64> {
    let sort_keys: Vec<SortKey> = keys
        .iter()
        .map(|(c, k)| SortKey {
            col: c,
            desc: k.desc,
            nulls_first: k.nulls_first,
        })
        .collect();
    let mut idx: Vec<i64> = (0..n as i64).collect();
    sort_positions(&mut idx, &sort_keys);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::NULL_I32;

    #[test]
    fn nulls_sort_first_ascending_and_last_descending() {
        let v = Vector::ints(vec![3, NULL_I32, 1, 3]);
        let mut idx = vec![0, 1, 2, 3];
        sort_positions(
            &mut idx,
            &[SortKey {
                col: &v,
                desc: false,
                nulls_first: None,
            }],
        );
        assert_eq!(idx, vec![1, 2, 0, 3]);
        let mut idx = vec![0, 1, 2, 3];
        sort_positions(
            &mut idx,
            &[SortKey {
                col: &v,
                desc: true,
                nulls_first: None,
            }],
        );
        assert_eq!(idx, vec![0, 3, 2, 1]);
    }

    #[test]
    fn atoms_match_across_integer_widths() {
        let a = Vector::ints(vec![7]);
        let b = Vector::longs(vec![7]);
        assert_eq!(atom(&a, 0), atom(&b, 0));
        assert_eq!(atom(&Vector::doubles(vec![NULL_F64]), 0), Atom::Null);
    }
}
