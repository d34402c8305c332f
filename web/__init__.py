"""``jiuzhu serve``: the web app (规则, 测算, 对比, 配置) and the JSON API, a thin layer over the
readers, evaluation functions and writers the CLI uses; ``jiuzhu site build`` writes the
rules pages as static HTML."""
