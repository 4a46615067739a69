//! dyad-eval (being written).
