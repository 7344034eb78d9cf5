// A handler's transaction and a service's extra HTTP routes are part of this module's API, so the
// modules those types come from are re-exported: a service depends on Streaming and Events only.
@_exported import Hummingbird
@_exported import Postgres
