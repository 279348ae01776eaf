"""Fan out: start many child plays at once, then wait for all of them.

flow.run_async starts a child play and returns its sid at once (memoized: a replayed parent
never starts a child twice); flow.wait returns a child's output. The children run in
parallel on the pool of Python workers; the parent waits without a worker and runs again,
replaying, once all of them have finished.
"""

from hero_logic import flow

_TOPICS = ["parse", "load", "read", "sum", "count", "filter", "sort", "write", "format", "check"]


@flow(
    inputs=[
        {"name": "count", "field_type": "int", "default": 8, "description": "How many children"}
    ]
)
def main(count: int = 8):
    sids = [
        flow.run_async(
            "service_code_gen", spec=f"{_TOPICS[k % len(_TOPICS)]} the batch {k}", style="terse"
        )
        for k in range(count)
    ]
    results = [flow.wait(sid) for sid in sids]
    lines = sum(r["review"]["lines"] for r in results)
    return {"children": len(sids), "lines": lines}
