"""A private, throwaway Docker engine for the tests, with stand-in base images.

Nothing here touches a reader's own Docker: the engine has its own data root, exec root,
socket, pid file and bridge, and its Docker Hub mirror is a registry on 127.0.0.1 that
holds stand-ins for the base images the samples name (dockerd.py, standins.py). The Try-it
checks (try_checks.py) run the pages' scripts on it, or on any engine DOCKER_HOST names.
See CONTRIBUTING.md, "The engine tests".
"""
