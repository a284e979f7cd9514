//! Statement execution: control flow, definitions, assignments, try/catch, assert.

use super::Interp;
use crate::ast::{FuncDef, Stmt, StmtKind};
use crate::error::{Error, ErrorKind, Result};
use crate::value::{Function, Scalar, UserFunc, Value, Vector};
use std::sync::Arc;

/// How a statement finished.
#[derive(Debug)]
pub enum Flow {
    /// Fell through; carries the value of an expression statement.
    Normal(Option<Value>),
    Break,
    Continue,
    Return(Value),
}

impl Interp {
    pub fn exec(&mut self, s: &Stmt) -> Result<Flow> {
        self.check_interrupt()?;
        self.exec_inner(s).map_err(|e| e.with_span(s.span))
    }

    fn exec_inner(&mut self, s: &Stmt) -> Result<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => Ok(Flow::Normal(Some(self.eval(e)?))),
            StmtKind::Assign { targets, op, value } => {
                self.exec_assign(targets, *op, value, s.span)?;
                Ok(Flow::Normal(None))
            }
            StmtKind::If { cond, then, els } => {
                let c = self.eval(cond)?;
                if self.condition(&c, "if")? {
                    self.exec(then)
                } else if let Some(e) = els {
                    self.exec(e)
                } else {
                    Ok(Flow::Normal(None))
                }
            }
            StmtKind::For { var, iter, body } => self.exec_for(var, iter, body),
            StmtKind::While { cond, body } => {
                loop {
                    let c = self.eval(cond)?;
                    if !self.condition(&c, "while")? {
                        break;
                    }
                    match self.exec_body(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
                Ok(Flow::Normal(None))
            }
            StmtKind::Block(stmts) => {
                let mut last = None;
                for st in stmts {
                    match self.exec(st)? {
                        Flow::Normal(v) => last = v,
                        other => return Ok(other),
                    }
                }
                Ok(Flow::Normal(last))
            }
            StmtKind::Break => Ok(Flow::Break),
            StmtKind::Continue => Ok(Flow::Continue),
            StmtKind::Return(e) => {
                let v = match e {
                    Some(e) => self.eval(e)?,
                    None => Value::NULL,
                };
                Ok(Flow::Return(v))
            }
            _ => self.exec_cold(s),
        }
    }

    /// Statements that are rare in hot loops, kept out of `exec_inner` so its frame stays small.
    #[inline(never)]
    fn exec_cold(&mut self, s: &Stmt) -> Result<Flow> {
        match &s.kind {
            StmtKind::RefAssign { name, value } => {
                self.exec_ref_assign(name, value)?;
                Ok(Flow::Normal(None))
            }
            StmtKind::Const { name, value } => {
                let v = self.eval(value)?;
                let scope = self.current_scope_mut();
                if scope.consts.contains(name) {
                    return Err(Error::syntax(
                        format!("Constant variable [{name}] can't be modified."),
                        s.span,
                    ));
                }
                scope.vars.insert(name.clone(), v);
                scope.consts.insert(name.clone());
                Ok(Flow::Normal(None))
            }
            StmtKind::Def(def) => {
                super::validate::check_def(def)?;
                self.define_function(def.clone());
                Ok(Flow::Normal(None))
            }
            StmtKind::DoWhile { body, cond } => {
                loop {
                    match self.exec_body(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                    let c = self.eval(cond)?;
                    if !self.condition(&c, "do-while")? {
                        break;
                    }
                }
                Ok(Flow::Normal(None))
            }
            StmtKind::Try {
                body,
                catch_var,
                handler,
            } => match self.exec(body) {
                Ok(flow) => Ok(flow),
                Err(e) if e.kind == ErrorKind::Interrupted => Err(e),
                Err(e) => {
                    if let Some(name) = catch_var {
                        let ex = exception_value(&e);
                        self.current_scope_mut().vars.insert(name.clone(), ex);
                    }
                    self.exec(handler)
                }
            },
            StmtKind::Throw(e) => {
                let v = self.eval(e)?;
                let msg = match &v {
                    Value::Scalar(sc) => crate::display::scalar_to_string(sc),
                    other => crate::display::display(other),
                };
                let mut err = Error::new(ErrorKind::User, msg);
                err.thrown = Some(Box::new(v));
                Err(err)
            }
            StmtKind::Go | StmtKind::Empty | StmtKind::Module(_) => Ok(Flow::Normal(None)),
            StmtKind::Share { value, name } => {
                let v = self.eval(value)?;
                self.share(name.clone(), v);
                Ok(Flow::Normal(None))
            }
            StmtKind::Undef { names, all } => {
                if *all {
                    self.current_scope_mut().vars.clear();
                } else {
                    for n in names {
                        if !self.undef_var(n) {
                            self.undef_function(n);
                        }
                    }
                }
                Ok(Flow::Normal(None))
            }
            StmtKind::Use(path) => {
                self.use_module(path)?;
                Ok(Flow::Normal(None))
            }
            StmtKind::TestCase { name, .. } => {
                self.current_case = Some(name.clone());
                Ok(Flow::Normal(None))
            }
            StmtKind::Assert { desc, cond } => {
                let c = self.eval(cond)?;
                if assert_holds(&c) {
                    return Ok(Flow::Normal(None));
                }
                let what = match desc {
                    Some(d) => match self.eval(d)? {
                        Value::Scalar(sc) => crate::display::scalar_to_string(&sc),
                        other => crate::display::display(&other),
                    },
                    None => String::new(),
                };
                let case = self.current_case.as_deref().unwrap_or("adhocTesting");
                let msg = if what.is_empty() {
                    format!("Testing case {case} failed")
                } else {
                    format!("Testing case {case}_{what} failed")
                };
                Err(Error::new(ErrorKind::Assert, msg))
            }
            StmtKind::Timer { count, body } => {
                let n = match count {
                    Some(c) => match self.eval(c)? {
                        Value::Scalar(sc) => sc.as_i64().unwrap_or(1).max(1),
                        _ => return Err(Error::type_err("timer expects an integer repeat count")),
                    },
                    None => 1,
                };
                let start = std::time::Instant::now();
                let mut flow = Flow::Normal(None);
                for _ in 0..n {
                    flow = self.exec(body)?;
                }
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                self.write_line(&format!(
                    "Time elapsed: {} ms",
                    crate::display::format_double(ms)
                ));
                Ok(flow)
            }
            _ => unreachable!("hot statements are handled by exec_inner"),
        }
    }

    /// Registers `def name(...)`. A forward declaration only reserves the name.
    pub(crate) fn define_function(&mut self, def: Arc<FuncDef>) {
        let Some(name) = def.name.clone() else {
            return;
        };
        if def.body.is_none() && self.functions.contains_key(&name) {
            return;
        }
        let module = self.modules.defining_module();
        let f = Function::User(UserFunc {
            def,
            captured: Vec::new(),
            module,
        });
        self.functions.insert(name, Arc::new(f));
    }

    /// `if`/`while` conditions must be scalars; NULL counts as false.
    fn condition(&self, v: &Value, what: &str) -> Result<bool> {
        match v {
            Value::Scalar(s) => Ok(s.truthy()),
            Value::Vector(vec) if vec.len() == 1 => Ok(vec.scalar_at(0).is_some_and(|s| s.truthy())),
            _ => Err(Error::type_err(format!(
                "The {what} condition must be a scalar: the vector can't be converted to bool scalar."
            ))),
        }
    }

    fn exec_for(
        &mut self,
        var: &crate::ast::Name,
        iter: &crate::ast::Expr,
        body: &Stmt,
    ) -> Result<Flow> {
        // Ranges and pairs of integers iterate without materialising a vector.
        if let Some((lo, hi, step)) = self.counting_range(iter)? {
            let mut i = lo;
            let mut slot = None;
            while (step > 0 && i <= hi) || (step < 0 && i >= hi) {
                let v = Value::Scalar(Scalar::from_i64(crate::value::Type::Int, i));
                slot = Some(self.bind_loop_var_at(slot, var, v));
                match self.exec_body(body)? {
                    Flow::Break => break,
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                }
                i += step;
            }
            return Ok(Flow::Normal(None));
        }
        let coll = self.eval(iter)?;
        let items = iteration_items(&coll)?;
        let mut slot = None;
        for item in items {
            slot = Some(self.bind_loop_var_at(slot, var, item));
            match self.exec_body(body)? {
                Flow::Break => break,
                Flow::Return(v) => return Ok(Flow::Return(v)),
                _ => {}
            }
        }
        Ok(Flow::Normal(None))
    }

    /// Binds the loop variable for one iteration, writing straight into the slot it had in
    /// the previous iteration when that slot still holds it. Returns the slot used.
    fn bind_loop_var_at(&mut self, slot: Option<usize>, var: &crate::ast::Name, v: Value) -> usize {
        let vars = &mut self.current_scope_mut().vars;
        let v = match slot {
            Some(k) => match vars.set_at(k, var, v) {
                Ok(()) => return k,
                Err(v) => v,
            },
            None => v,
        };
        vars.insert(var.clone(), v);
        vars.slot(var).unwrap_or(usize::MAX)
    }

    /// Runs a loop body: a block's statements run directly, without a nested block frame.
    fn exec_body(&mut self, body: &Stmt) -> Result<Flow> {
        let StmtKind::Block(stmts) = &body.kind else {
            return self.exec(body);
        };
        for st in stmts {
            match self.exec(st)? {
                Flow::Normal(_) => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal(None))
    }

    /// `for (i in a..b)` over INT bounds: (first, last, step) without building the vector.
    fn counting_range(&mut self, iter: &crate::ast::Expr) -> Result<Option<(i64, i64, i64)>> {
        use crate::ast::{BinOp, ExprKind};
        let ExprKind::Binary {
            op: BinOp::Seq,
            lhs,
            rhs,
        } = &iter.kind
        else {
            return Ok(None);
        };
        let a = self.eval(lhs)?;
        let b = self.eval(rhs)?;
        match (&a, &b) {
            (
                Value::Scalar(Scalar::I32(crate::value::Type::Int, x)),
                Value::Scalar(Scalar::I32(crate::value::Type::Int, y)),
            ) if *x != crate::value::NULL_I32 && *y != crate::value::NULL_I32 => {
                let step = if x <= y { 1 } else { -1 };
                Ok(Some((*x as i64, *y as i64, step)))
            }
            _ => Ok(None),
        }
    }
}

/// The elements a `for` loop visits: vector elements, pair range (exclusive end), matrix
/// columns, table rows as dictionaries, set elements, dictionary keys.
fn iteration_items(v: &Value) -> Result<Vec<Value>> {
    Ok(match v {
        Value::Scalar(_) => vec![v.clone()],
        Value::Vector(vec) => vec.iter_values().collect(),
        Value::Pair(p) => {
            let (Some(a), Some(b)) = (
                p.scalar_at(0).and_then(|s| s.as_i64()),
                p.scalar_at(1).and_then(|s| s.as_i64()),
            ) else {
                return Ok(p.iter_values().collect());
            };
            let ty = p.ty();
            if a <= b {
                (a..b)
                    .map(|i| Value::Scalar(Scalar::from_i64(ty, i)))
                    .collect()
            } else {
                (b..a)
                    .rev()
                    .map(|i| Value::Scalar(Scalar::from_i64(ty, i)))
                    .collect()
            }
        }
        Value::Matrix(m) => (0..m.cols).map(|j| Value::vector(m.column(j))).collect(),
        Value::Set(s) => s.items().iter().cloned().map(Value::Scalar).collect(),
        Value::Dict(d) => d.keys().iter().cloned().map(Value::Scalar).collect(),
        Value::Table(t) => (0..t.n_rows())
            .map(|i| super::index::table_row(t, i))
            .collect(),
        Value::Function(_) | Value::Code(_) => {
            return Err(Error::type_err("A function or metacode can't be iterated."))
        }
        Value::Database(_) | Value::DfsTable(_) => {
            return Err(Error::type_err(
                "A database or DFS table handle can't be iterated.",
            ))
        }
    })
}

/// `assert` passes for a true scalar or a vector whose elements are all true.
fn assert_holds(v: &Value) -> bool {
    match v {
        Value::Scalar(s) => s.truthy(),
        Value::Vector(vec) => (0..vec.len()).all(|i| vec.scalar_at(i).is_some_and(|s| s.truthy())),
        _ => false,
    }
}

/// The object bound by `catch(ex)`: a STRING pair (type, message).
pub(crate) fn exception_value(e: &Error) -> Value {
    Value::Pair(Arc::new(Vector::strings(vec![
        Arc::from(e.exception_type()),
        Arc::from(e.message.as_str()),
    ])))
}
