"""Docker Lab 4's site code, one package per concern (see CONTRIBUTING.md):

    samples → model → markup → pages → site      (errors.py at the bottom, used by all)

mkdocs-macros imports this package by name (`module_name: lab` in mkdocs.yml): it cannot
name a subpackage, so define_env here hands over to the page layer, imported only then,
which keeps `import lab.model` (the engine tests, `python -m lab.model.facts`) cheap.
"""


def define_env(env):
    from lab.pages import define_env as wire_macros
    wire_macros(env)
