"""A projection worker for the crash test: every view plus a slow audit, small batches,
catching up until it is killed. Configured by the same environment as the product."""

from __future__ import annotations

from projections.runner import ProjectionRunner
from projections.views import read_models
from service.bootstrap import bootstrap
from tests.projections.audit import AuditProjection


def main() -> None:
    bank = bootstrap()
    runner = ProjectionRunner(
        bank.store,
        bank.views.database,
        [*read_models(), AuditProjection(pause=0.003)],
        batch_size=7,
    )
    runner.catch_up()


if __name__ == "__main__":
    main()
