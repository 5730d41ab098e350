package dev.patchline.runtime;
