package dev.patchline.nodes.core;
