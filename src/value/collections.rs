//! Container forms: dictionaries, sets, tables and matrices.

use super::scalar::Scalar;
use super::types::Type;
use super::vector::Vector;
use super::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A dictionary. Entries are kept in insertion order; `ordered` records whether the user
/// asked for an ordered dictionary (DolphinDB only guarantees order for those).
#[derive(Clone, Debug)]
pub struct Dict {
    key_type: Type,
    value_type: Type,
    ordered: bool,
    keys: Vec<Scalar>,
    values: Vec<Value>,
    index: HashMap<Scalar, usize>,
}

impl Dict {
    pub fn new(key_type: Type, value_type: Type, ordered: bool) -> Dict {
        Dict {
            key_type,
            value_type,
            ordered,
            keys: Vec::new(),
            values: Vec::new(),
            index: HashMap::new(),
        }
    }

    pub fn key_type(&self) -> Type {
        self.key_type
    }
    pub fn value_type(&self) -> Type {
        self.value_type
    }
    pub fn is_ordered(&self) -> bool {
        self.ordered
    }
    pub fn len(&self) -> usize {
        self.keys.len()
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn get(&self, key: &Scalar) -> Option<&Value> {
        self.index.get(key).map(|&i| &self.values[i])
    }

    /// Inserts or replaces (the last value for a duplicate key wins).
    pub fn insert(&mut self, key: Scalar, value: Value) {
        if let Some(&i) = self.index.get(&key) {
            self.values[i] = value;
        } else {
            self.index.insert(key.clone(), self.keys.len());
            self.keys.push(key);
            self.values.push(value);
        }
    }

    pub fn remove(&mut self, key: &Scalar) -> Option<Value> {
        let i = self.index.remove(key)?;
        self.keys.remove(i);
        let v = self.values.remove(i);
        for idx in self.index.values_mut() {
            if *idx > i {
                *idx -= 1;
            }
        }
        Some(v)
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
        self.index.clear();
    }

    pub fn keys(&self) -> &[Scalar] {
        &self.keys
    }
    pub fn values(&self) -> &[Value] {
        &self.values
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Scalar, &Value)> {
        self.keys.iter().zip(self.values.iter())
    }
}

/// A set of scalars of one type, kept in insertion order.
#[derive(Clone, Debug)]
pub struct Set {
    key_type: Type,
    items: Vec<Scalar>,
    index: HashMap<Scalar, usize>,
}

impl Set {
    pub fn new(key_type: Type) -> Set {
        Set {
            key_type,
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
    pub fn key_type(&self) -> Type {
        self.key_type
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn contains(&self, s: &Scalar) -> bool {
        self.index.contains_key(s)
    }
    /// Returns true if the element was new.
    pub fn insert(&mut self, s: Scalar) -> bool {
        if self.index.contains_key(&s) {
            return false;
        }
        self.index.insert(s.clone(), self.items.len());
        self.items.push(s);
        true
    }
    pub fn remove(&mut self, s: &Scalar) -> bool {
        let Some(i) = self.index.remove(s) else {
            return false;
        };
        self.items.remove(i);
        for idx in self.index.values_mut() {
            if *idx > i {
                *idx -= 1;
            }
        }
        true
    }
    pub fn clear(&mut self) {
        self.items.clear();
        self.index.clear();
    }
    pub fn items(&self) -> &[Scalar] {
        &self.items
    }
}

/// An in-memory table: named, typed columns of equal length.
#[derive(Clone, Debug, Default)]
pub struct Table {
    names: Vec<Arc<str>>,
    columns: Vec<Arc<Vector>>,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// Builds a table; fails with a message if names repeat or lengths differ.
    pub fn from_columns(names: Vec<Arc<str>>, columns: Vec<Arc<Vector>>) -> Result<Table, String> {
        if names.len() != columns.len() {
            return Err("The number of column names must match the number of columns".into());
        }
        let mut t = Table::new();
        for (n, c) in names.into_iter().zip(columns) {
            t.add_column(n, c)?;
        }
        Ok(t)
    }

    pub fn n_rows(&self) -> usize {
        self.columns.first().map(|c| c.len()).unwrap_or(0)
    }
    pub fn n_cols(&self) -> usize {
        self.columns.len()
    }
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }
    pub fn columns(&self) -> &[Arc<Vector>] {
        &self.columns
    }
    pub fn columns_mut(&mut self) -> &mut Vec<Arc<Vector>> {
        &mut self.columns
    }
    pub fn names_mut(&mut self) -> &mut Vec<Arc<str>> {
        &mut self.names
    }

    /// Column position by name (case-insensitive, as DolphinDB resolves column names).
    pub fn col_index(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n.as_ref() == name)
            .or_else(|| self.names.iter().position(|n| n.eq_ignore_ascii_case(name)))
    }

    pub fn column(&self, name: &str) -> Option<&Arc<Vector>> {
        self.col_index(name).map(|i| &self.columns[i])
    }

    /// Appends a column; the first column fixes the row count.
    pub fn add_column(&mut self, name: Arc<str>, col: Arc<Vector>) -> Result<(), String> {
        if self.col_index(&name).is_some() {
            return Err(format!("Duplicate column name: {name}"));
        }
        if !self.columns.is_empty() && col.len() != self.n_rows() {
            return Err(format!(
                "The length of column {name} ({}) differs from the table's row count ({})",
                col.len(),
                self.n_rows()
            ));
        }
        self.names.push(name);
        self.columns.push(col);
        Ok(())
    }

    /// Replaces a column of the same length, or adds it if absent.
    pub fn set_column(&mut self, name: Arc<str>, col: Arc<Vector>) -> Result<(), String> {
        match self.col_index(&name) {
            Some(i) => {
                if self.columns.len() > 1 && col.len() != self.n_rows() {
                    return Err(format!(
                        "The length of column {name} ({}) differs from the table's row count ({})",
                        col.len(),
                        self.n_rows()
                    ));
                }
                self.columns[i] = col;
                Ok(())
            }
            None => self.add_column(name, col),
        }
    }

    /// Rows at the given positions.
    pub fn gather(&self, idx: &[i64]) -> Table {
        Table {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| Arc::new(c.gather(idx)))
                .collect(),
        }
    }

    /// Rows where `mask` is true.
    pub fn filter(&self, mask: &[i8]) -> Table {
        Table {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| Arc::new(c.filter(mask)))
                .collect(),
        }
    }

    /// Rows `[start, end)`.
    pub fn slice(&self, start: usize, end: usize) -> Table {
        Table {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| Arc::new(c.slice(start, end)))
                .collect(),
        }
    }
}

/// A matrix stored column-major in one typed vector, with optional row/column labels.
#[derive(Clone, Debug)]
pub struct Matrix {
    pub data: Vector,
    pub rows: usize,
    pub cols: usize,
    pub row_labels: Option<Arc<Vector>>,
    pub col_labels: Option<Arc<Vector>>,
}

impl Matrix {
    /// Builds an unlabelled matrix; `data.len()` must equal `rows * cols`.
    pub fn new(data: Vector, rows: usize, cols: usize) -> Result<Matrix, String> {
        if data.len() != rows * cols {
            return Err(format!(
                "The matrix needs {} elements but {} were given",
                rows * cols,
                data.len()
            ));
        }
        Ok(Matrix {
            data,
            rows,
            cols,
            row_labels: None,
            col_labels: None,
        })
    }

    /// Column `j` as a vector.
    pub fn column(&self, j: usize) -> Vector {
        self.data.slice(j * self.rows, (j + 1) * self.rows)
    }

    /// Row `i` as a vector.
    pub fn row(&self, i: usize) -> Vector {
        let idx: Vec<i64> = (0..self.cols).map(|j| (j * self.rows + i) as i64).collect();
        self.data.gather(&idx)
    }

    pub fn get(&self, i: usize, j: usize) -> Option<Scalar> {
        if i >= self.rows || j >= self.cols {
            return None;
        }
        self.data.scalar_at(j * self.rows + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dict_last_value_wins_and_keeps_order() {
        let mut d = Dict::new(Type::Int, Type::Int, true);
        d.insert(Scalar::int(2), Value::int(20));
        d.insert(Scalar::int(1), Value::int(10));
        d.insert(Scalar::int(2), Value::int(30));
        assert_eq!(d.len(), 2);
        assert_eq!(d.keys()[0], Scalar::int(2));
        assert!(matches!(d.get(&Scalar::int(2)), Some(Value::Scalar(s)) if *s == Scalar::int(30)));
        d.remove(&Scalar::int(2));
        assert!(d.get(&Scalar::int(1)).is_some());
    }

    #[test]
    fn table_rejects_ragged_columns() {
        let mut t = Table::new();
        t.add_column("a".into(), Arc::new(Vector::ints(vec![1, 2])))
            .expect("first column fits");
        assert!(t
            .add_column("b".into(), Arc::new(Vector::ints(vec![1])))
            .is_err());
        assert!(t
            .add_column("A".into(), Arc::new(Vector::ints(vec![1, 2])))
            .is_err());
    }

    #[test]
    fn matrix_is_column_major() {
        let m = Matrix::new(Vector::ints(vec![1, 2, 3, 4, 5, 6]), 2, 3).expect("6 = 2*3");
        assert_eq!(m.get(1, 0), Some(Scalar::int(2)));
        assert_eq!(m.row(0).scalar_at(2), Some(Scalar::int(5)));
    }
}
