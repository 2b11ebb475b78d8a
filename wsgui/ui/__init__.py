"""The Qt shell of wsgui. It never imports websockets: it talks to wsgui.core via the controller."""
