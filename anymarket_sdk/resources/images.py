"""``client.images``: images of a product (``/products/{productId}/images``)."""

from __future__ import annotations

import builtins

from .._core import (
    ListDecoder,
    ModelDecoder,
    NoContent,
    OneOrFirstDecoder,
    Operation,
    require_text,
    route,
)
from ..errors import RequestValidationError, ResponseDecodeError
from ..models.images import Image
from ._base import AsyncResource, SyncResource

_LIST = route("GET", "/products/{productId}/images", ListDecoder(Image))
_CREATE = route("POST", "/products/{productId}/images", ModelDecoder(Image))
_UPDATE = route("PUT", "/products/{productId}/images", OneOrFirstDecoder(Image))
# The API docs show a one-element array for this single-image GET: both shapes are read.
_GET = route("GET", "/products/{productId}/images/{imageId}", OneOrFirstDecoder(Image))
_DELETE = route("DELETE", "/products/{productId}/images/{imageId}", NoContent())


def list_op(product_id: int) -> Operation[list[Image]]:
    return _LIST.op({"productId": product_id})


def get_op(product_id: int, image_id: int) -> Operation[Image | None]:
    return _GET.op({"productId": product_id, "imageId": image_id})


def create_op(product_id: int, image: Image) -> Operation[Image]:
    if not isinstance(image, Image):
        raise RequestValidationError("image", f"expected an Image, got {type(image).__name__}")
    require_text("image.url", image.url)
    if not image.url.startswith(("http://", "https://")):
        raise RequestValidationError("image.url", "must be an http(s) URL ANYMARKET can fetch")
    if image.index is not None and image.index < 1:
        raise RequestValidationError("image.index", "is 1-based")
    return _CREATE.op({"productId": product_id}, json=image)


def update_op(
    product_id: int, image_id: int, *, index: int, main: bool | None = None, url: str | None = None
) -> Operation[Image | None]:
    if isinstance(index, bool) or not isinstance(index, int) or index < 1:
        raise RequestValidationError("index", f"must be a 1-based position, got {index!r}")
    body: dict[str, object] = {"id": image_id, "index": index}
    if main is not None:
        body["main"] = main
    if url is not None:
        require_text("url", url)
        body["url"] = url
    return _UPDATE.op({"productId": product_id}, json=body)


def delete_op(product_id: int, image_id: int) -> Operation[None]:
    return _DELETE.op({"productId": product_id, "imageId": image_id})


def _found(image: Image | None, image_id: int) -> Image:
    if image is None:
        raise ResponseDecodeError(f"no image {image_id} in the response", body=None, errors=[])
    return image


class Images(SyncResource):
    def list(self, product_id: int) -> builtins.list[Image]:
        """All images of a product (unpaged)."""
        return self._client.send(list_op(product_id))

    def get(self, product_id: int, image_id: int) -> Image:
        return _found(self._client.send(get_op(product_id, image_id)), image_id)

    def create(self, product_id: int, image: Image) -> Image:
        """Add an image by URL (ANYMARKET downloads and processes it; see ``status``)."""
        return self._client.send(create_op(product_id, image))

    def update(
        self,
        product_id: int,
        image_id: int,
        *,
        index: int,
        main: bool | None = None,
        url: str | None = None,
    ) -> Image | None:
        """Move an image to ``index`` (same index as another swaps them), or make it main.
        Returns the image when ANYMARKET sends it back."""
        return self._client.send(update_op(product_id, image_id, index=index, main=main, url=url))

    def delete(self, product_id: int, image_id: int) -> None:
        self._client.send(delete_op(product_id, image_id))


class AsyncImages(AsyncResource):
    async def list(self, product_id: int) -> builtins.list[Image]:
        """All images of a product (unpaged)."""
        return await self._client.send(list_op(product_id))

    async def get(self, product_id: int, image_id: int) -> Image:
        return _found(await self._client.send(get_op(product_id, image_id)), image_id)

    async def create(self, product_id: int, image: Image) -> Image:
        """Add an image by URL (ANYMARKET downloads and processes it; see ``status``)."""
        return await self._client.send(create_op(product_id, image))

    async def update(
        self,
        product_id: int,
        image_id: int,
        *,
        index: int,
        main: bool | None = None,
        url: str | None = None,
    ) -> Image | None:
        """Move an image to ``index`` (same index as another swaps them), or make it main.
        Returns the image when ANYMARKET sends it back."""
        return await self._client.send(
            update_op(product_id, image_id, index=index, main=main, url=url)
        )

    async def delete(self, product_id: int, image_id: int) -> None:
        await self._client.send(delete_op(product_id, image_id))
