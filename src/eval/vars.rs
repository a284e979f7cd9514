//! The variable table of one scope, tuned for the interpreter's hot path.
//!
//! Function bodies and loops touch a handful of variables millions of times, so a small
//! scope keeps its names in a vector searched linearly: names in one parsed program are
//! interned (the same `Arc` for every occurrence), so the search is usually a pointer
//! comparison and never hashes. Past `SMALL` entries (a busy session, an SQL overlay binding
//! every column) a hash index takes over.

use crate::ast::Name;
use crate::value::Value;
use rustc_hash::FxHashMap;

/// Entries searched linearly before the hash index is built.
const SMALL: usize = 12;

#[derive(Default, Clone)]
pub(crate) struct VarMap {
    names: Vec<Name>,
    values: Vec<Value>,
    /// Name → position, present once the table outgrows `SMALL`.
    index: Option<FxHashMap<Name, usize>>,
}

impl VarMap {
    #[inline(always)]
    fn position(&self, name: &str) -> Option<usize> {
        if let Some(index) = &self.index {
            return index.get(name).copied();
        }
        // Interned names match by address; a name from another parse matches by content.
        let ptr = name.as_ptr();
        for (i, k) in self.names.iter().enumerate() {
            if k.as_ptr() == ptr && k.len() == name.len() {
                return Some(i);
            }
        }
        self.names.iter().position(|k| k.as_ref() == name)
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.position(name).map(|i| &self.values[i])
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.position(name).map(|i| &mut self.values[i])
    }

    /// Overwrites the value at `slot` if that slot still holds `name` (the very same interned
    /// name): loops cache their variable's slot and fall back to [`VarMap::insert`] otherwise.
    #[inline]
    pub fn set_at(&mut self, slot: usize, name: &Name, v: Value) -> Result<(), Value> {
        match self.names.get(slot) {
            Some(k) if std::sync::Arc::ptr_eq(k, name) => {
                self.values[slot] = v;
                Ok(())
            }
            _ => Err(v),
        }
    }

    /// The slot of `name`, for [`VarMap::set_at`].
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.position(name)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Binds `name`, returning the value it replaced.
    pub fn insert(&mut self, name: Name, v: Value) -> Option<Value> {
        if let Some(i) = self.position(&name) {
            return Some(std::mem::replace(&mut self.values[i], v));
        }
        if let Some(index) = &mut self.index {
            index.insert(name.clone(), self.names.len());
        }
        self.names.push(name);
        self.values.push(v);
        if self.index.is_none() && self.names.len() > SMALL {
            self.index = Some(
                self.names
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (k.clone(), i))
                    .collect(),
            );
        }
        None
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.position(name)?;
        self.names.swap_remove(i);
        let v = self.values.swap_remove(i);
        if let Some(index) = &mut self.index {
            index.remove(name);
            if let Some(moved) = self.names.get(i) {
                index.insert(moved.clone(), i);
            }
        }
        Some(v)
    }

    pub fn clear(&mut self) {
        self.names.clear();
        self.values.clear();
        self.index = None;
    }

    pub fn keys(&self) -> impl Iterator<Item = &Name> {
        self.names.iter()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Name, &Value)> {
        self.names.iter().zip(self.values.iter())
    }
}

impl From<FxHashMap<Name, Value>> for VarMap {
    fn from(map: FxHashMap<Name, Value>) -> VarMap {
        let mut vars = VarMap::default();
        for (k, v) in map {
            vars.insert(k, v);
        }
        vars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_indexed_tables_agree() {
        let mut m = VarMap::default();
        for i in 0..40 {
            assert!(m
                .insert(Name::from(format!("v{i}")), Value::int(i))
                .is_none());
            for j in 0..=i {
                let got = m.get(&format!("v{j}")).map(crate::display::display);
                assert_eq!(got.as_deref(), Some(j.to_string().as_str()));
            }
        }
        assert!(m.insert(Name::from("v3"), Value::int(-3)).is_some());
        assert_eq!(
            m.remove("v0").map(|v| crate::display::display(&v)),
            Some("0".into())
        );
        assert!(m.get("v0").is_none());
        assert_eq!(m.get("v39").map(crate::display::display), Some("39".into()));
        assert_eq!(m.get("v3").map(crate::display::display), Some("-3".into()));
        assert_eq!(m.keys().count(), 39);
        m.clear();
        assert!(m.get("v5").is_none());
    }
}
