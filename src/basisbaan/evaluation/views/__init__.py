"""The evaluation's pages, one module per concern (the monitor and the research
dataset in ``monitor``)."""
