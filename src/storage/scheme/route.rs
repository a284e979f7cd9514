//! Routing rows to partitions: partitioning columns converted to the domain type, then one
//! slot per level and row, grouped by partition (VALUE domains grow as new values arrive).

use super::{hash_bucket, partitionable, Key, Kind, Level};
use crate::error::{Error, Result};
use crate::value::{Type, Value, VecData, Vector};
use std::collections::HashMap;

/// Converts a partitioning column to the level's domain type as DolphinDB does (a DATETIME
/// column partitioned by DATE is truncated to its date).
pub fn to_domain(col: &Vector, ty: Type, col_name: &str) -> Result<Vector> {
    if col.ty() == ty {
        return Ok(col.clone());
    }
    let ok = (col.ty().is_literal() && ty.is_literal())
        || (!col.ty().is_literal() && !ty.is_literal() && partitionable(col.ty()));
    if !ok {
        return Err(Error::type_err(format!(
            "The partitioning column {col_name} of type {} doesn't match the partition scheme of type {}",
            col.ty().name(),
            ty.name()
        )));
    }
    if col.ty().is_literal() {
        return Ok(col.clone().retag(ty).unwrap_or_else(|| col.clone()));
    }
    match crate::kernels::cast(&Value::vector(col.clone()), ty)? {
        Value::Vector(v) => Ok(v.as_ref().clone()),
        _ => Err(Error::runtime(
            "casting a partitioning column gave no vector",
        )),
    }
}

/// Rows grouped by partition (slot per level), in first-seen order.
#[derive(Debug, Default)]
pub struct Routing {
    pub groups: Vec<(Vec<u32>, Vec<usize>)>,
    /// Rows dropped because a HASH partitioning value was NULL.
    pub dropped: usize,
}

/// Routes rows: `cols[i]` is the partitioning column of level `i`, already converted with
/// [`to_domain`]. VALUE levels grow; a value outside every RANGE/LIST partition (or a NULL
/// outside HASH) is an error and nothing is routed.
// Rows index every level's keys, so a range loop is the clear form here.
#[allow(clippy::needless_range_loop)]
pub fn route(levels: &mut [Level], cols: &[Vector], names: &[String]) -> Result<Routing> {
    const DROPPED: u32 = u32::MAX;
    let n = cols.first().map(Vector::len).unwrap_or(0);
    let mut out = Routing::default();
    // Slots are computed level by level, column-wise; each distinct value is looked up in
    // the level once (a cache per level), so routing costs one hash probe per row and level.
    let mut slot_cols: Vec<Vec<u32>> = Vec::with_capacity(levels.len());
    for (l, level) in levels.iter_mut().enumerate() {
        let mut index = level.index();
        let mut slots = Vec::with_capacity(n);
        let outside = |row: usize| {
            let shown = cols[l]
                .scalar_at(row)
                .map(|s| crate::display::display(&Value::Scalar(s)))
                .unwrap_or_default();
            Error::domain(format!(
                "The value {} of partitioning column {} is outside every partition of the database; nothing was written",
                if shown.is_empty() { "NULL".to_string() } else { shown },
                names.get(l).map(String::as_str).unwrap_or("?")
            ))
        };
        let is_hash = level.kind == Kind::Hash;
        match cols[l].data() {
            VecData::Str(xs) => {
                let mut cache: rustc_hash::FxHashMap<&str, u32> = Default::default();
                for (row, x) in xs.iter().enumerate() {
                    if x.is_empty() {
                        if is_hash {
                            slots.push(DROPPED);
                            continue;
                        }
                        return Err(outside(row));
                    }
                    let slot = match cache.get(x.as_ref()) {
                        Some(&s) => s,
                        None => {
                            let s = level
                                .slot_of(&Key::S(x.to_string()), &mut index)
                                .ok_or_else(|| outside(row))?;
                            cache.insert(x.as_ref(), s);
                            s
                        }
                    };
                    slots.push(slot);
                }
            }
            data => {
                let raw: Box<dyn Fn(usize) -> Option<i64>> = match data {
                    VecData::I8(x) => Box::new(|i| (x[i] != i8::MIN).then(|| i64::from(x[i]))),
                    VecData::I16(x) => Box::new(|i| (x[i] != i16::MIN).then(|| i64::from(x[i]))),
                    VecData::I32(x) => Box::new(|i| (x[i] != i32::MIN).then(|| i64::from(x[i]))),
                    VecData::I64(x) => Box::new(|i| (x[i] != i64::MIN).then_some(x[i])),
                    _ => {
                        let v = &cols[l];
                        Box::new(move |i| {
                            if v.is_null_at(i) {
                                None
                            } else {
                                v.scalar_at(i).and_then(|s| s.as_i64())
                            }
                        })
                    }
                };
                let mut cache: rustc_hash::FxHashMap<i64, u32> = Default::default();
                for row in 0..n {
                    let Some(k) = raw(row) else {
                        if is_hash {
                            slots.push(DROPPED);
                            continue;
                        }
                        return Err(outside(row));
                    };
                    let slot = match cache.get(&k) {
                        Some(&s) => s,
                        None => {
                            let s = level
                                .slot_of(&Key::I(k), &mut index)
                                .ok_or_else(|| outside(row))?;
                            cache.insert(k, s);
                            s
                        }
                    };
                    slots.push(slot);
                }
            }
        }
        slot_cols.push(slots);
    }
    // Group rows by their slots (at most 3 levels of 32-bit slots fit one u128).
    let mut groups: rustc_hash::FxHashMap<u128, usize> = Default::default();
    'rows: for row in 0..n {
        let mut key = 0u128;
        for s in &slot_cols {
            if s[row] == DROPPED {
                out.dropped += 1;
                continue 'rows;
            }
            key = (key << 32) | u128::from(s[row]);
        }
        match groups.get(&key) {
            Some(&g) => out.groups[g].1.push(row),
            None => {
                groups.insert(key, out.groups.len());
                let slots = slot_cols.iter().map(|s| s[row]).collect();
                out.groups.push((slots, vec![row]));
            }
        }
    }
    Ok(out)
}

impl Level {
    /// The slot of one key, or `None` when no partition holds it (RANGE/LIST), adding it to
    /// a VALUE domain when `grow` is set.
    fn slot_of(&mut self, key: &Key, index: &mut HashMap<Key, u32>) -> Option<u32> {
        match self.kind {
            Kind::Value => {
                if let Some(&s) = index.get(key) {
                    return Some(s);
                }
                self.values.push(key.clone());
                let s = (self.values.len() - 1) as u32;
                index.insert(key.clone(), s);
                Some(s)
            }
            Kind::Range => {
                let i = self.values.partition_point(|b| b <= key);
                (i > 0 && i < self.values.len()).then(|| (i - 1) as u32)
            }
            Kind::List => index.get(key).copied(),
            Kind::Hash => Some(hash_bucket(key, self.buckets)),
        }
    }

    fn index(&self) -> HashMap<Key, u32> {
        match self.kind {
            Kind::Value => self
                .values
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i as u32))
                .collect(),
            Kind::List => {
                let mut m = HashMap::new();
                for (i, l) in self.lists.iter().enumerate() {
                    for k in l {
                        m.entry(k.clone()).or_insert(i as u32);
                    }
                }
                m
            }
            _ => HashMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_groups_grows_and_rejects() {
        let mut levels = vec![
            Level::from_script(1, &Value::vector(Vector::ints(vec![1, 2]))).expect("value"),
            Level::from_script(2, &Value::vector(Vector::ints(vec![0, 50, 100]))).expect("range"),
        ];
        let names = vec!["a".to_string(), "b".to_string()];
        let r = route(
            &mut levels,
            &[Vector::ints(vec![1, 3, 1]), Vector::ints(vec![5, 60, 7])],
            &names,
        )
        .expect("routes");
        assert_eq!(
            r.groups,
            vec![(vec![0, 0], vec![0, 2]), (vec![2, 1], vec![1])]
        );
        assert_eq!(levels[0].values.len(), 3);
        let err = route(
            &mut levels,
            &[Vector::ints(vec![1]), Vector::ints(vec![100])],
            &names,
        );
        assert!(err.is_err());
    }
}
