package dev.patchline.protocol;
