"""The answer's path: understand the question, link entities, compute or retrieve, compose a cited answer."""
