"""The app's gr.Blocks: a refused request gets a Chinese reason, not a bare error.

Gradio checks file arguments before any handler runs: a path on the server that was not uploaded is
refused (InvalidPathError), and a plain string where a file is expected fails validation. With
``show_error=False`` both reach the API caller as an error without a message.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
from gradio.exceptions import InvalidPathError
from pydantic import ValidationError

from assistant.errors import DjqaError

RAW_PATH_REFUSED = (
    "不能直接引用服务器上的文件路径：文件须先上传到本应用（网页中选择文件，或在 gradio_client 中用 handle_file() 包装本地文件）。"
)
BAD_FILE_ARGUMENT = "文件参数格式不正确：须为上传得到的文件（gradio_client 中用 handle_file() 包装本地文件），不能是文字或路径。"


class DjqaBlocks(gr.Blocks):
    """gr.Blocks whose refusals say why in Chinese: of file arguments, and any DjqaError of a handler."""

    async def call_function(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().call_function(*args, **kwargs)
        except DjqaError as exc:  # a message written for users (a question too long, a client already busy …)
            raise gr.Error(str(exc), print_exception=False, title="无法处理") from None

    async def preprocess_data(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().preprocess_data(*args, **kwargs)
        except InvalidPathError:
            raise gr.Error(RAW_PATH_REFUSED, print_exception=False, title="无法处理") from None
        except ValidationError as exc:
            if "FileData" in str(exc) or "meta" in str(exc):
                raise gr.Error(BAD_FILE_ARGUMENT, print_exception=False, title="无法处理") from None
            raise
