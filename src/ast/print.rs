//! Source printing of the AST (used to display metacode).
