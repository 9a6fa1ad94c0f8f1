# tests/cli/local.mk -- shell tests of the command line: exit statuses,
# --help and --version, --summary of every bundled network, --layers as
# CSV, standard input, write errors (said once; a closed pipe is SIGPIPE),
# bundled-name lookup and --list.
TESTS += \
	tests/cli/basics.sh \
	tests/cli/summary.sh \
	tests/cli/layers.sh \
	tests/cli/stdin.sh \
	tests/cli/write-errors.sh \
	tests/cli/stdout-errors.sh \
	tests/cli/lookup.sh \
	tests/cli/golden.sh \
	tests/cli/v1-pin.sh \
	tests/cli/torch-shapes.sh \
	tests/cli/format2.sh \
	tests/cli/rank.sh \
	tests/cli/upsample.sh \
	tests/cli/session.sh \
	tests/cli/best.sh \
	tests/cli/escaping.sh \
	tests/cli/latency.sh \
	tests/cli/realise.sh \
	tests/cli/compare.sh \
	tests/cli/diff.sh
EXTRA_DIST += \
	tests/cli/latency.sh \
	tests/cli/compare.sh \
	tests/cli/diff.sh \
	tests/cli/realise.sh \
	tests/data/realise/ds.csv \
	tests/data/realise/roofline-measured-ds.csv \
	tests/cli/lib.sh \
	tests/cli/basics.sh \
	tests/cli/summary.sh \
	tests/cli/layers.sh \
	tests/cli/stdin.sh \
	tests/cli/write-errors.sh \
	tests/cli/stdout-errors.sh \
	tests/cli/lookup.sh \
	tests/cli/golden.sh \
	tests/cli/session.sh \
	tests/cli/best.sh \
	tests/data/own-candidates.csv \
	tests/golden \
	tests/cli/v1-pin.sh \
	tests/v1pin \
	tests/cli/torch-shapes.sh \
	tests/cli/format2.sh \
	tests/data/v2-ops.csv \
	tests/cli/rank.sh \
	tests/data/rank1.csv \
	tests/data/rank3.csv \
	tests/cli/upsample.sh \
	tests/data/upsample.csv \
	tests/data/upsample-frac.csv \
	tests/cli/escaping.sh

include tests/cli/scoring.mk

# ONNX models mapped onto networks (issue 15): the models, the scripts that
# wrote them (python3-onnx, python3-torch; committed, so no Python is needed).
TESTS += tests/cli/onnx-map.sh tests/cli/onnx-twins.sh
EXTRA_DIST += tests/cli/onnx-map.sh tests/cli/onnx-twins.sh \
	tests/data/onnx/gen-map.py tests/data/onnx/gen-twins.py \
	tests/data/onnx/map/attrs-op9.onnx \
	tests/data/onnx/map/bias-blockers-op13.onnx \
	tests/data/onnx/map/blockers-op13.onnx \
	tests/data/onnx/map/clip-op11.onnx \
	tests/data/onnx/map/conv1d-op13.onnx \
	tests/data/onnx/map/conv3d-op13.onnx \
	tests/data/onnx/map/convtranspose-op13.onnx \
	tests/data/onnx/map/fixed-op13.onnx \
	tests/data/onnx/map/gelu-erf-op13.onnx \
	tests/data/onnx/map/hardswish-op13.onnx \
	tests/data/onnx/map/hardswish-op14.onnx \
	tests/data/onnx/map/layernorm-op13.onnx \
	tests/data/onnx/map/layernorm-op17.onnx \
	tests/data/onnx/map/names-op13.onnx \
	tests/data/onnx/map/resize-blockers-op13.onnx \
	tests/data/onnx/map/resize-blockers-op18.onnx \
	tests/data/onnx/map/resize-op13.onnx \
	tests/data/onnx/map/same-upper-op13.onnx \
	tests/data/onnx/map/se-op13.onnx \
	tests/data/onnx/map/shared-weight-op13.onnx \
	tests/data/onnx/map/shuffle-op13.onnx \
	tests/data/onnx/map/silu-op13.onnx \
	tests/data/onnx/map/symbolic-op13.onnx \
	tests/data/onnx/map/upsample-linear-op9.onnx \
	tests/data/onnx/map/upsample-op7.onnx \
	tests/data/onnx/map/upsample-op9.onnx \
	tests/data/onnx/twins/alexnet-op13.onnx \
	tests/data/onnx/twins/audio_cnn1d-handbuilt-op17.onnx \
	tests/data/onnx/twins/convnext_tiny-op13.onnx \
	tests/data/onnx/twins/convnext_tiny-op17.onnx \
	tests/data/onnx/twins/efficientnet_b0-op13.onnx \
	tests/data/onnx/twins/efficientnet_b0-op17.onnx \
	tests/data/onnx/twins/fcn_resnet50-op17.onnx \
	tests/data/onnx/twins/googlenet-op13.onnx \
	tests/data/onnx/twins/inception_v3-op13.onnx \
	tests/data/onnx/twins/lenet5-handbuilt-op13.onnx \
	tests/data/onnx/twins/mobilenet_v2-op11.onnx \
	tests/data/onnx/twins/mobilenet_v2-op13.onnx \
	tests/data/onnx/twins/mobilenet_v2-op17.onnx \
	tests/data/onnx/twins/mobilenet_v3_large-op13.onnx \
	tests/data/onnx/twins/mobilenet_v3_large-op17.onnx \
	tests/data/onnx/twins/paper-cifar10-cnn-handbuilt-op13.onnx \
	tests/data/onnx/twins/paper-gtsrb-cnn-handbuilt-op13.onnx \
	tests/data/onnx/twins/r3d_18-op17.onnx \
	tests/data/onnx/twins/resnet18-cifar-handbuilt-op13.onnx \
	tests/data/onnx/twins/resnet18-op11.onnx \
	tests/data/onnx/twins/resnet18-op13-folded.onnx \
	tests/data/onnx/twins/resnet18-op13.onnx \
	tests/data/onnx/twins/resnet18-op17.onnx \
	tests/data/onnx/twins/resnet50-op13.onnx \
	tests/data/onnx/twins/shufflenet_v2_x1_0-op13.onnx \
	tests/data/onnx/twins/squeezenet1_0-op13.onnx \
	tests/data/onnx/twins/unet_small-handbuilt-op17.onnx \
	tests/data/onnx/twins/vgg16-op13.onnx
