package dev.patchline.cli;
