//! dyad-resources (being written).
