"""An agent loop that calls service_code_gen as a sub-flow, in-process and spawned.

Each round the agent decides what to build next (a memoized step), then asks the code
generator: even rounds run it in-process with flow.invoke (its spans nest here), odd rounds
start it as a child play with flow.invoke(spawn=True) (a subflow span links to the child,
and this play waits without holding a worker until the child is done).
"""

from hero_logic import flow

_IDEAS = [
    "parse a csv file and sum a column",
    "load a json config and check the keys",
    "read a log and count the errors",
    "filter the rows and sort the names",
]


@flow
def decide(goal: str, round_no: int) -> dict:
    idea = _IDEAS[round_no % len(_IDEAS)]
    print(f"round {round_no}: {idea}")
    return {"spec": f"{idea} for {goal}", "spawn": round_no % 2 == 1}


@flow(
    inputs=[
        {
            "name": "goal",
            "field_type": "str",
            "default": "a tiny data toolkit",
            "description": "What the agent builds",
        },
        {"name": "rounds", "field_type": "int", "default": 3, "description": "How many rounds"},
    ],
)
def main(goal: str = "a tiny data toolkit", rounds: int = 3):
    files = []
    for round_no in range(rounds):
        task = decide(goal, round_no)
        result = flow.invoke(
            "service_code_gen",
            spawn=task["spawn"],
            spec=task["spec"],
            style="documented" if task["spawn"] else "terse",
        )
        files.append(
            {"spec": task["spec"], "spawned": task["spawn"], "functions": result["functions"]}
        )
    return {"files": files, "functions": sum(len(f["functions"]) for f in files)}
