"""How the product starts: the composition root (``bootstrap``), the ``expertbank``
command, the worker process and gunicorn's app. Nothing below imports from here."""
