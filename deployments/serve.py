"""The runner: serves every deployment of futflow from this process.

Run with `python -m deployments.serve` (the `make up` launcher does). Flow runs are
created by the API's dispatcher (one `fut-case` run per case) and by the schedules here.
"""

from __future__ import annotations

from prefect import serve

from flows.case_lifecycle import fut_case


def main() -> None:
    serve(
        fut_case.to_deployment(  # type: ignore[arg-type]
            name="fut-case",
            description="One run per FUT case, named by its case number.",
            tags=["fut"],
        ),
        limit=None,
    )


if __name__ == "__main__":
    main()
