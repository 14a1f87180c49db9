"""The runner: serves every deployment of futflow from this process.

Run with `python -m deployments.serve` (the `make up` launcher does). Flow runs are
created by the API's dispatcher (one `fut-case` run per case) and by the schedules here.
"""

from __future__ import annotations

from prefect import serve
from prefect.schedules import Cron

from flows.case_lifecycle import fut_case
from flows.repayment_follow_up import repayment_follow_up


def main() -> None:
    serve(
        fut_case.to_deployment(  # type: ignore[arg-type]
            name="fut-case",
            description="One run per FUT case, named by its case number.",
            tags=["fut"],
        ),
        repayment_follow_up.to_deployment(  # type: ignore[arg-type]
            name="daily",
            description="Missed installments and six-monthly reviews of every debt.",
            schedule=Cron("0 6 * * *", timezone="Europe/Stockholm"),
            tags=["fut", "schedule"],
        ),
        limit=None,
    )


if __name__ == "__main__":
    main()
