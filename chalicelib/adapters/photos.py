"""A caterer's photos: S3 keys kept in order on its account item, added and removed with
conditional updates, so two uploads at once cannot make a seventh photo and a removal cannot
take away a photo other than the one the caterer saw."""

from __future__ import annotations

from pynamodb.expressions.condition import size

from chalicelib.adapters.conditional import update_if
from chalicelib.adapters.models import AccountModel
from chalicelib.domain.account import Role


class PhotoAlbum:
    def add(self, caterer_id: str, key: str, limit: int) -> bool:
        """Append ``key`` if the account is a caterer with fewer than ``limit`` photos, none of
        them ``key``; False when refused."""
        fewer = size(AccountModel.photos) < limit  # type: ignore[no-untyped-call]
        room = AccountModel.photos.does_not_exist() | fewer
        condition = (
            (AccountModel.role == Role.CATERER.value) & room & ~AccountModel.photos.contains(key)
        )
        action = AccountModel.photos.set((AccountModel.photos | []).append([key]))
        return update_if(AccountModel(id=caterer_id), [action], condition)

    def remove(self, caterer_id: str, index: int, key: str) -> bool:
        """Remove the photo at ``index`` (0 is the first) if it is still ``key``."""
        photo = AccountModel.photos[index]
        return update_if(AccountModel(id=caterer_id), [photo.remove()], photo == key)
