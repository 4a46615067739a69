//! dyad-pipeline (being written).
