//! Arabic text tools: orthographic folding and number reading.

pub mod normalize;
pub mod numbers;
