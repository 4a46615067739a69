//! One module per subcommand.

pub mod actors;
pub mod code;
pub mod eval;
