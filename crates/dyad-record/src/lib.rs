//! dyad-record (being written).
