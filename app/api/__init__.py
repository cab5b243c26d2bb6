"""The HTTP layer: request/response schemas, thin routes, and the one place errors become status codes."""
