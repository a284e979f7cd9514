//! The abstract syntax tree of DolphinDB script. Data only: it knows nothing about evaluation
//! or storage. Every node carries the `Span` of the source text it came from.

mod print;

use crate::value::Value;
use std::sync::Arc;

pub use crate::syntax::span::Span;

/// A parsed script or module: its statements in order.
#[derive(Clone, Debug)]
pub struct Program {
    pub stmts: Vec<Stmt>,
}

/// A name as written in the source.
pub type Name = Arc<str>;

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// An expression evaluated for its value (the value is displayed at top level).
    Expr(Expr),
    /// `x = e`, `x[i] = e`, `t.col = e`, `a, b = e`, `x += e` ... Targets are `Ident`,
    /// `Index` or `Member` expressions.
    Assign {
        targets: Vec<Expr>,
        op: AssignOp,
        value: Expr,
    },
    /// `&b = a`: bind `b` to the same object as `a` (a reference, not a copy).
    RefAssign {
        name: Name,
        value: Expr,
    },
    /// `const a = e`.
    Const {
        name: Name,
        value: Expr,
    },
    /// `def f(...)` / `defg f(...)` with a body, or a forward declaration without one.
    Def(Arc<FuncDef>),
    If {
        cond: Expr,
        then: Box<Stmt>,
        els: Option<Box<Stmt>>,
    },
    /// `for (x in e) body`; `for (a, b in e)` is not DolphinDB syntax, so one variable.
    For {
        var: Name,
        iter: Expr,
        body: Box<Stmt>,
    },
    While {
        cond: Expr,
        body: Box<Stmt>,
    },
    DoWhile {
        body: Box<Stmt>,
        cond: Expr,
    },
    Block(Vec<Stmt>),
    Break,
    Continue,
    Return(Option<Expr>),
    Try {
        body: Box<Stmt>,
        catch_var: Option<Name>,
        handler: Box<Stmt>,
    },
    Throw(Expr),
    /// `go`: splits a script into separately parsed parts.
    Go,
    /// `share t as name`.
    Share {
        value: Expr,
        name: Name,
    },
    /// `undef all`, `undef x` (the call form `undef(...)` is an ordinary call).
    Undef {
        names: Vec<Name>,
        all: bool,
    },
    /// `module a::b` (first statement of a module file).
    Module(Vec<Name>),
    /// `use a::b`.
    Use(Vec<Name>),
    /// `@testing:case="name"[, exception=1 | syntaxError=1]`.
    TestCase {
        name: String,
        expect_exception: bool,
    },
    /// `assert cond` / `assert desc, cond`.
    Assert {
        desc: Option<Expr>,
        cond: Expr,
    },
    /// `timer stmt` / `timer(n) stmt`.
    Timer {
        count: Option<Expr>,
        body: Box<Stmt>,
    },
    /// An empty statement (a lone `;`).
    Empty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
    Mul,
    Div,
    /// `\=`: ratio (always floating-point division).
    Ratio,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal folded at parse time: scalars, space-separated vector literals such as
    /// `1 2 3` or `` `a`b`c ``, typed NULLs, temporal literals, type constants are NOT here
    /// (they are identifiers resolved by the evaluator).
    Const(Value),
    /// A variable or function name.
    Ident(Name),
    /// `a::b::f` or `::add` (empty first component for the built-in namespace).
    Qualified(Vec<Name>),
    /// `[a, b, c]`: a typed vector if the elements allow it, else a tuple.
    Array(Vec<Expr>),
    /// `(a, b, c)` or `()`: a tuple (ANY vector). `(a)` is just grouping and is not a Tuple.
    Tuple(Vec<Expr>),
    /// `{k1: v1, k2: v2}` dictionary literal.
    Dict(Vec<(Expr, Expr)>),
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// Chained comparison `a < b <= c` (two or more operators): `(a<b) && (b<=c)`.
    Chain {
        first: Box<Expr>,
        rest: Vec<(BinOp, Expr)>,
    },
    /// `cond ? a : b`.
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        els: Box<Expr>,
    },
    /// `f(args)`, `x.f(args)` (recv first), prefix `f x`, infix `x f y`.
    Call {
        func: Box<Expr>,
        args: Vec<Arg>,
    },
    /// `f{a, , c}`: `None` marks a hole to be filled at call time.
    Partial {
        func: Box<Expr>,
        args: Vec<Option<Arg>>,
    },
    /// `x[i]`, `x[i, j]`, `x[, j]` (`None` for an empty position), `x[i:j]` (index is a Pair).
    Index {
        target: Box<Expr>,
        indices: Vec<Option<Expr>>,
    },
    /// `t.col`, `d.key` (member access without a call).
    Member {
        target: Box<Expr>,
        name: Name,
    },
    /// `def(x){...}`, `x -> e`, `{x, y -> e}`.
    Lambda(Arc<FuncDef>),
    /// A function with template operators applied: `f:E`, `+:A`, `f:E:L`.
    /// Applying it is a `Call` whose `func` is this node.
    Adverb {
        func: Box<Expr>,
        adverbs: Vec<Adverb>,
    },
    /// A binary operator used as a function value (`+` in `+:A`), named by its builtin.
    OpRef(BinOp),
    /// `<expr>` or `<select ...>`: metacode, evaluated lazily.
    Meta(Box<Expr>),
    Select(Box<Select>),
    Update(Box<Update>),
    Delete(Box<Delete>),
    Insert(Box<Insert>),
    /// SQL `*` in a select list or `count(*)`.
    Star,
    /// `x as name` inside call arguments and array literals (`table(x as a, y as b)`,
    /// `<[avg(price), sum(vol) as v]>`): a value carrying the column name to use.
    Alias {
        expr: Box<Expr>,
        name: Name,
    },
    /// SQL `case when c then v ... else e end`.
    Case {
        whens: Vec<(Expr, Expr)>,
        els: Option<Box<Expr>>,
    },
}

#[derive(Clone, Debug)]
pub struct Arg {
    /// `Some` for a named argument `f(a=1)`.
    pub name: Option<Name>,
    /// `None` for a skipped positional argument `f(, 3)`.
    pub value: Option<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `!x` / `not x`
    Not,
}

/// Binary operators, in DolphinDB's precedence groups (see `syntax::pratt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `\` ratio: always floating division.
    Ratio,
    /// `%`
    Mod,
    /// `**` inner product
    Dot,
    /// `$` cast
    Cast,
    /// `<-` join
    Join,
    /// `:` pair
    Pair,
    /// `..` seq
    Seq,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `&&` / `and`
    And,
    /// `||` / `or`
    Or,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
}

impl BinOp {
    /// The builtin function implementing the operator (`+` is `add`).
    pub fn func_name(self) -> &'static str {
        match self {
            BinOp::Add => "add",
            BinOp::Sub => "sub",
            BinOp::Mul => "mul",
            BinOp::Div => "div",
            BinOp::Ratio => "ratio",
            BinOp::Mod => "mod",
            BinOp::Dot => "dot",
            BinOp::Cast => "cast",
            BinOp::Join => "join",
            BinOp::Pair => "pair",
            BinOp::Seq => "seq",
            BinOp::Eq => "eq",
            BinOp::Ne => "ne",
            BinOp::Lt => "lt",
            BinOp::Le => "le",
            BinOp::Gt => "gt",
            BinOp::Ge => "ge",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::BitAnd => "bitAnd",
            BinOp::BitOr => "bitOr",
            BinOp::BitXor => "bitXor",
            BinOp::Shl => "lshift",
            BinOp::Shr => "rshift",
        }
    }

    /// The operator's source spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Ratio => "\\",
            BinOp::Mod => "%",
            BinOp::Dot => "**",
            BinOp::Cast => "$",
            BinOp::Join => "<-",
            BinOp::Pair => ":",
            BinOp::Seq => "..",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "&&",
            BinOp::Or => "||",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// Template operators (`:E` each, `:A` accumulate ...). The optional assemble letter of
/// forms such as `:PU` is kept in `assemble`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Adverb {
    pub kind: AdverbKind,
    pub assemble: Option<char>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdverbKind {
    /// `:E` each
    Each,
    /// `:L` eachLeft
    EachLeft,
    /// `:R` eachRight
    EachRight,
    /// `:P` eachPre
    EachPre,
    /// `:O` eachPost
    EachPost,
    /// `:A` accumulate
    Accumulate,
    /// `:T` reduce
    Reduce,
    /// `:C` cross
    Cross,
    /// `:U` loop
    Loop,
    /// `:G` groupby
    GroupBy,
    /// `:X` contextby
    ContextBy,
    /// `:H` byRow
    ByRow,
    /// `:V` byColumn
    ByColumn,
}

impl AdverbKind {
    pub fn from_letter(c: char) -> Option<AdverbKind> {
        Some(match c {
            'E' => AdverbKind::Each,
            'L' => AdverbKind::EachLeft,
            'R' => AdverbKind::EachRight,
            'P' => AdverbKind::EachPre,
            'O' => AdverbKind::EachPost,
            'A' => AdverbKind::Accumulate,
            'T' => AdverbKind::Reduce,
            'C' => AdverbKind::Cross,
            'U' => AdverbKind::Loop,
            'G' => AdverbKind::GroupBy,
            'X' => AdverbKind::ContextBy,
            'H' => AdverbKind::ByRow,
            'V' => AdverbKind::ByColumn,
            _ => return None,
        })
    }

    pub fn letter(self) -> char {
        match self {
            AdverbKind::Each => 'E',
            AdverbKind::EachLeft => 'L',
            AdverbKind::EachRight => 'R',
            AdverbKind::EachPre => 'P',
            AdverbKind::EachPost => 'O',
            AdverbKind::Accumulate => 'A',
            AdverbKind::Reduce => 'T',
            AdverbKind::Cross => 'C',
            AdverbKind::Loop => 'U',
            AdverbKind::GroupBy => 'G',
            AdverbKind::ContextBy => 'X',
            AdverbKind::ByRow => 'H',
            AdverbKind::ByColumn => 'V',
        }
    }

    /// The named higher-order function equivalent (`:E` is `each`).
    pub fn func_name(self) -> &'static str {
        match self {
            AdverbKind::Each => "each",
            AdverbKind::EachLeft => "eachLeft",
            AdverbKind::EachRight => "eachRight",
            AdverbKind::EachPre => "eachPre",
            AdverbKind::EachPost => "eachPost",
            AdverbKind::Accumulate => "accumulate",
            AdverbKind::Reduce => "reduce",
            AdverbKind::Cross => "cross",
            AdverbKind::Loop => "loop",
            AdverbKind::GroupBy => "groupby",
            AdverbKind::ContextBy => "contextby",
            AdverbKind::ByRow => "byRow",
            AdverbKind::ByColumn => "byColumn",
        }
    }
}

/// A function definition: named (`def f`), aggregate (`defg f`) or anonymous.
#[derive(Clone, Debug)]
pub struct FuncDef {
    pub name: Option<Name>,
    pub params: Vec<Param>,
    /// `None` for a forward declaration `def f(a, b)`.
    pub body: Option<FuncBody>,
    pub aggregate: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: Name,
    pub default: Option<Expr>,
    pub mutable: bool,
}

#[derive(Clone, Debug)]
pub enum FuncBody {
    /// `{ stmts }`
    Block(Vec<Stmt>),
    /// `: expr` or `-> expr`
    Expr(Box<Expr>),
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

/// `select` / `exec`.
#[derive(Clone, Debug)]
pub struct Select {
    /// `exec` rather than `select`.
    pub exec: bool,
    pub distinct: bool,
    /// `top n` or `top a:b` (kept as an expression; a Pair means a range).
    pub top: Option<Expr>,
    pub columns: Vec<SelectItem>,
    pub from: Option<FromItem>,
    /// Comma-separated conditions, applied in order.
    pub where_: Vec<Expr>,
    pub group: Option<Grouping>,
    /// `csort c [asc|desc]` after `context by`.
    pub csort: Vec<OrderItem>,
    pub having: Vec<Expr>,
    pub order_by: Vec<OrderItem>,
    /// `limit n` or `limit offset, n`.
    pub limit: Option<Limit>,
}

#[derive(Clone, Debug)]
pub struct SelectItem {
    pub expr: Expr,
    pub alias: Option<Name>,
}

#[derive(Clone, Debug)]
pub enum FromItem {
    /// A table expression: a variable, `loadTable(...)`, `ej(t1, t2, `id)`, a sub-query.
    Table { expr: Expr, alias: Option<Name> },
    /// `a inner join b on ...`, `a left join b on ...`, `a cross join b` ...
    Join {
        kind: JoinKind,
        left: Box<FromItem>,
        right: Box<FromItem>,
        on: Vec<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    Left,
    LeftSemi,
    Full,
    Cross,
}

#[derive(Clone, Debug)]
pub enum Grouping {
    GroupBy(Vec<SelectItem>),
    ContextBy(Vec<SelectItem>),
    PivotBy(Vec<SelectItem>),
}

#[derive(Clone, Debug)]
pub struct OrderItem {
    pub expr: Expr,
    pub desc: bool,
    /// `nulls first` (Some(true)) / `nulls last` (Some(false)); default is DolphinDB's.
    pub nulls_first: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct Limit {
    pub offset: Option<Expr>,
    pub count: Expr,
}

/// `update t set c1 = e1, ... [from ...] [where ...] [context by ...]`.
#[derive(Clone, Debug)]
pub struct Update {
    pub table: Expr,
    pub sets: Vec<(Name, Expr)>,
    pub from: Option<FromItem>,
    pub where_: Vec<Expr>,
    pub context_by: Vec<Expr>,
}

/// `delete from t [where ...]`.
#[derive(Clone, Debug)]
pub struct Delete {
    pub table: Expr,
    pub where_: Vec<Expr>,
}

/// `insert into t[(cols)] values (...), (...)` or `insert into t select ...`.
#[derive(Clone, Debug)]
pub struct Insert {
    pub table: Expr,
    pub columns: Option<Vec<Name>>,
    pub source: InsertSource,
}

#[derive(Clone, Debug)]
pub enum InsertSource {
    /// One entry per parenthesised row group; each element may itself be a vector.
    Values(Vec<Vec<Expr>>),
    Select(Box<Select>),
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

impl Stmt {
    pub fn new(kind: StmtKind, span: Span) -> Stmt {
        Stmt { kind, span }
    }
}
