"""FaceAlbum's window: every Qt class lives here, on top of facealbum.core."""
