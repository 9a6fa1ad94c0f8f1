# data/local.mk -- bundled network descriptions, installed under $(pkgdatadir).
dist_pkgdata_DATA += \
	data/alexnet.csv \
	data/lenet5.csv \
	data/mobilenet_v2.csv \
	data/paper-cifar10-cnn.csv \
	data/paper-gtsrb-cnn.csv \
	data/resnet18.csv \
	data/resnet18-cifar.csv \
	data/resnet50.csv \
	data/vgg16.csv
