//! One module per subcommand.

pub mod actors;
pub mod bench;
pub mod code;
pub mod eval;
pub mod extract;
