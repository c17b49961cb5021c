"""mkdocs-macros entry point: wires the lab's macros; the logic lives in sibling modules."""


def define_env(env):
    pass
