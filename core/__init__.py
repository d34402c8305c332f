"""The core of jiuzhu, grouped by subject: ``model`` (values and the Table), ``hooks``
(specifications, answers, calling, discovery), ``combine`` (the one combiner and results),
``io`` (readers and writers), ``rules`` (blocks, declarative rules, jurisdiction files,
chains), ``analysis`` (compare, gap, roll-ups, sweeps, compliance) and ``evaluate`` (the
Python API). Plugins import none of it: their API is :mod:`jiuzhu.plugin`."""
