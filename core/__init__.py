"""The core of jiuzhu: model, hook specifications, the jurisdiction chain and its evaluation."""
