# man/local.mk -- manual pages.
dist_man_MANS += man/bksef.1 man/bksef.5
