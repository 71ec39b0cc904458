"""Simulated container images: the registry (:mod:`.images`) and the programs they run."""
from .base import App, ContainerContext, ExecResult, FileSystem, Request, Response
from .images import (ImageInfo, PullError, app_for, command_for, lookup, pull_seconds, resolve,
                     run_exec, start_error)

__all__ = ["App", "ContainerContext", "ExecResult", "FileSystem", "Request", "Response",
           "ImageInfo", "PullError", "app_for", "command_for", "lookup", "pull_seconds", "resolve",
           "start_error", "run_exec"]
