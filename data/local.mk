# data/local.mk -- bundled network descriptions, installed under $(pkgdatadir),
# and (not installed) the script that wrote the format-2 ones from torchvision
# with torch's shapes of their rows and the receptive fields measured with
# torch (data/gen).
dist_pkgdata_DATA += \
	data/alexnet.csv \
	data/audio_cnn1d.csv \
	data/convnext_tiny.csv \
	data/efficientnet_b0.csv \
	data/fcn_resnet50.csv \
	data/googlenet.csv \
	data/inception_v3.csv \
	data/lenet5.csv \
	data/mobilenet_v2.csv \
	data/mobilenet_v3_large.csv \
	data/paper-cifar10-cnn.csv \
	data/paper-gtsrb-cnn.csv \
	data/r3d_18.csv \
	data/resnet18.csv \
	data/resnet18-cifar.csv \
	data/resnet50.csv \
	data/shufflenet_v2_x1_0.csv \
	data/squeezenet1_0.csv \
	data/unet_small.csv \
	data/vgg16.csv
EXTRA_DIST += data/gen

# Device profiles for --cost latency --device NAME (bksef(5), DEVICE PROFILES).
devicesdir = $(pkgdatadir)/devices
dist_devices_DATA = \
	data/devices/jetson-nano.csv \
	data/devices/laptop-i7-7820hq.csv \
	data/devices/rpi4.csv \
	data/devices/rtx3090.csv
