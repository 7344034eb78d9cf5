// Streaming module
