"""goodwill inside an AI assistant: a Model Context Protocol server (`goodwill mcp`)."""
