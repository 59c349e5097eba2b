"""The bundled example apps: each subpackage is an MCP server built with `salon.sdk`."""
