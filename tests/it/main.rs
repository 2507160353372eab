//! The integration tests, compiled as one binary to keep link times low.

mod sandbox;
