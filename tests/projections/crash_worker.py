"""A projection worker for the crash test: every view plus a slow audit, small batches,
catching up until it is killed. Configured by the same environment as the product."""

from __future__ import annotations

from entrypoints.bootstrap import bootstrap
from projections.read_models import every_projection
from projections.runner import ProjectionRunner
from tests.projections.audit import AuditProjection


def main() -> None:
    bank = bootstrap()
    runner = ProjectionRunner(
        bank.store,
        bank.read_models.database,
        [*every_projection(), AuditProjection(pause=0.003)],
        batch_size=7,
    )
    runner.catch_up()


if __name__ == "__main__":
    main()
